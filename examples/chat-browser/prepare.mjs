// Turns a copy of this example into a running chat app: the built CLI generates the WebSocket server, the chat
// preset and the typed client into it, and esbuild bundles the page (which imports that client) for browsers.
// Used by `npm run demo` (examples/demo.mjs) and tests/e2e/browser-chat.test.ts.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const exampleDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(exampleDir, '..', '..');

/** Copies the example to `targetDir` (which must not exist) and runs `init --preset chat` on it; returns the report. */
export function scaffoldChatExample(targetDir) {
  fs.cpSync(exampleDir, targetDir, { recursive: true, filter: (from) => !/[\\/](node_modules|public[\\/]bundle\.js)$/.test(from) && !/(prepare|demo)\.mjs$/.test(from) });
  const cli = path.join(repoRoot, 'dist', 'cli.js');
  if (!fs.existsSync(cli)) throw new Error(`${cli} does not exist: run \`npm run build\` first`);
  const stdout = execFileSync(process.execPath, [cli, 'init', '--yes', '--no-install', '--json', '--preset', 'chat', '--cwd', targetDir], { encoding: 'utf8' });
  return JSON.parse(stdout);
}

/** Bundles src/page.js (and the generated client it imports) into public/bundle.js for browsers. */
export async function bundleChatPage(appDir) {
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: [path.join(appDir, 'src', 'page.js')],
    outfile: path.join(appDir, 'public', 'bundle.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    // The client loads `ws` only where there is no global WebSocket: never in a browser.
    external: ['ws'],
    logLevel: 'warning',
  });
}
