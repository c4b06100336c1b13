// `npm run demo`: scaffold the example Express app into a temp copy with the built CLI, boot it,
// let two clients talk through the generated WebSocket server, and print what happened.
// `npm run demo -- --browser`: the chat preset in a browser instead (examples/chat-browser/demo.mjs serves the page).
import { spawn, execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SignJWT } from 'jose';
import WebSocket from 'ws';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const step = (text) => console.log(`\n== ${text}`);
const secret = 'demo-secret-0123456789-0123456789-abcdef';

if (process.argv.includes('--browser')) await import('./chat-browser/demo.mjs');
else await consoleDemo();

async function consoleDemo() {
  const dir = mkdtempSync(path.join(tmpdir(), 'ws-demo-'));
  let app;
  try {
    step(`copy examples/express-app to ${dir}`);
    cpSync(path.join(root, 'examples/express-app'), dir, { recursive: true });

    step('create-ws-server init --yes --no-install');
    const out = execFileSync(process.execPath, [path.join(root, 'dist/cli.js'), 'init', '--yes', '--no-install', '--json', '--cwd', dir], { encoding: 'utf8' });
    const report = JSON.parse(out);
    console.log(`detected ${report.detected.framework.name} ${report.detected.framework.version ?? ''}, server at ${report.detected.serverSite.file}:${report.detected.serverSite.line}`);
    for (const f of report.files) console.log(`  ${f.action.padEnd(8)} ${f.path}`);
    console.log(`  wiring ${report.wiring.action} in ${report.wiring.file}; dependencies: ${report.dependencies.added.map((d) => d.name).join(', ')}`);
    console.log('\n' + readFileSync(path.join(dir, report.wiring.file), 'utf8'));

    // The demo reuses this project's node_modules instead of installing (the CLI declared the packages).
    symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');

    const port = await freePort();
    step(`boot the app on port ${port}`);
    app = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
      cwd: dir,
      env: { ...withoutWsVars(process.env), PORT: String(port), WS_JWT_SECRET: secret },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await waitForOutput(app, /listening on/, 20_000);
    const health = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.json());
    console.log(`GET /health -> ${JSON.stringify(health)}`);

    step('two clients: alice and bob join "lobby", bob says hello');
    const alice = await connect(port, 'alice');
    const bob = await connect(port, 'bob');
    await request(alice, { type: 'subscribe', channel: 'lobby', correlationId: 'a1' });
    const joined = await request(bob, { type: 'subscribe', channel: 'lobby', correlationId: 'b1' });
    console.log(`bob joined, members: ${JSON.stringify(joined.payload.members)}`);
    const delivered = nextMessage(alice, (m) => m.type === 'message');
    await request(bob, { type: 'publish', channel: 'lobby', payload: { text: 'hello alice' }, correlationId: 'b2' });
    const message = await delivered;
    console.log(`alice received: ${JSON.stringify(message)}`);
    const left = nextMessage(alice, (m) => m.type === 'presence' && m.payload.event === 'leave');
    bob.close(1000);
    console.log(`alice saw: ${JSON.stringify(await left)}`);
    alice.close(1000);
    step('done: the generated server handled auth, rooms, presence and delivery');
  } finally {
    app?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

function withoutWsVars(env) {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith('WS_')));
}

async function token(userId) {
  return new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(userId).setExpirationTime('5m').sign(new TextEncoder().encode(secret));
}

async function connect(port, userId) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, ['ws-server.v1', `bearer.${await token(userId)}`]);
  ws.inbox = [];
  ws.waiters = [];
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data));
    const waiter = ws.waiters.find((w) => w.match(msg));
    if (waiter) {
      ws.waiters.splice(ws.waiters.indexOf(waiter), 1);
      waiter.resolve(msg);
    } else ws.inbox.push(msg);
  });
  const welcome = await nextMessage(ws, (m) => m.type === 'welcome');
  console.log(`${userId} connected: ${JSON.stringify(welcome.payload)}`);
  return ws;
}

function nextMessage(ws, match, timeoutMs = 5000) {
  const queued = ws.inbox.find(match);
  if (queued) {
    ws.inbox.splice(ws.inbox.indexOf(queued), 1);
    return Promise.resolve(queued);
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out waiting for a message')), timeoutMs);
    ws.waiters.push({ match, resolve: (m) => (clearTimeout(timer), resolve(m)) });
  });
}

function request(ws, envelope) {
  const reply = nextMessage(ws, (m) => m.correlationId === envelope.correlationId);
  ws.send(JSON.stringify(envelope));
  return reply.then((m) => {
    if (m.type === 'error') throw new Error(`${envelope.type} failed: ${JSON.stringify(m.payload)}`);
    return m;
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

function waitForOutput(child, pattern, timeoutMs) {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`app did not print ${pattern} within ${timeoutMs} ms:\n${seen}`)), timeoutMs);
    child.stdout.on('data', (chunk) => {
      seen += chunk;
      process.stdout.write(`  [app] ${chunk}`);
      if (pattern.test(seen)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`app exited with ${code}:\n${seen}`)));
  });
}
