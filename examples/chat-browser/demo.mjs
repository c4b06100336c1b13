// `npm run demo:browser`: the chat preset in a browser. Scaffolds this example into a temporary directory
// with the built CLI, bundles its page with esbuild, starts it and prints the addresses to open.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleChatPage, scaffoldChatExample } from './prepare.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ws-server-demo-')), 'chat-browser');
scaffoldChatExample(dir);
fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
await bundleChatPage(dir);

const port = process.env.PORT ?? '3000';
console.log(`demo app in ${dir}`);
console.log(`open http://127.0.0.1:${port}/?user=alice and http://127.0.0.1:${port}/?user=bob (Ctrl-C stops it)`);
const child = spawn(process.execPath, ['src/index.js'], {
  cwd: dir,
  stdio: 'inherit',
  env: { ...process.env, PORT: port, WS_JWT_SECRET: process.env.WS_JWT_SECRET ?? crypto.randomBytes(32).toString('hex') },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
