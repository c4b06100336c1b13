// `npm run demo` works for a newcomer (the test runs the script `npm run demo` runs, after the build): the
// console demo scaffolds examples/express-app, two clients talk through the generated server, it exits 0;
// `npm run demo -- --browser` serves the chat page, its bundle (the generated client inside), demo tokens
// and the WebSocket endpoint the page talks to.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bootApp, stopAllApps } from '../helpers/boot.js';
import { ROOT } from '../helpers/paths.js';
import { expectSuccess, run } from '../helpers/proc.js';
import { connectClient } from '../helpers/ws-client.js';

const DEMO = path.join(ROOT, 'examples', 'demo.mjs');
const leftovers: string[] = [];

afterAll(async () => {
  await stopAllApps();
  for (const dir of leftovers) fs.rmSync(dir, { recursive: true, force: true });
});

describe('npm run demo', { timeout: 180_000 }, () => {
  it('prints two clients talking through the generated server and exits 0', async () => {
    const r = await run(process.execPath, [DEMO], { cwd: ROOT, timeoutMs: 150_000 });
    expectSuccess(r, 'node examples/demo.mjs');
    expect(r.stdout).toMatch(/bob joined, members: \["alice","bob"\]/);
    expect(r.stdout).toMatch(/alice received: .*"hello alice"/);
    expect(r.stdout).toMatch(/== done: the generated server handled auth, rooms, presence and delivery/);
  }, 180_000);

  it('-- --browser serves the chat page, its bundle and tokens, and the WebSocket endpoint answers', async () => {
    const app = await bootApp({ cwd: ROOT, command: [process.execPath, DEMO, '--browser'], timeoutMs: 120_000 });
    const dir = /demo app in (\S+)/.exec(app.output())?.[1];
    if (dir !== undefined) leftovers.push(path.dirname(dir));
    expect(app.output()).toContain(`open http://127.0.0.1:${app.port}/?user=alice`);

    const page = await fetch(`${app.baseUrl}/?user=alice`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const src = /<script type="module" src="([^"]+)"/.exec(html)?.[1];
    expect(src, html).toBe('/bundle.js');
    const bundle = await fetch(`${app.baseUrl}${src}`);
    expect(bundle.status).toBe(200);
    expect(await bundle.text(), 'the generated client, bundled').toContain('ws-server.v1');

    const token = await fetch(`${app.baseUrl}/token?user=alice`).then((r) => r.text());
    const client = await connectClient(app.wsUrl('/ws'), { token });
    try {
      const welcome = await client.waitFor((m) => m.type === 'welcome', { what: 'welcome' });
      expect(welcome.payload.userId).toBe('alice');
      const joined = await client.request({ type: 'chat-join', channel: 'lobby' });
      expect(joined).toMatchObject({ type: 'ack', payload: { channel: 'lobby', members: ['alice'], history: [] } });
    } finally {
      client.terminate();
      await app.stop();
    }
  }, 180_000);
});
