// @fastify/websocket already registered (Fastify 5, TS CommonJS, a ws route on /live). It routes every upgrade
// through Fastify: a path without a websocket route gets 404 and its socket destroyed (its onResponse hook),
// before our handshake, which awaits the token check, can answer. So init refuses and names the exact hook
// that hands our path over (reply.hijack() in onRequest); after exactly that change, both work side by side.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { bootApp, getJson, stopAllApps } from '../helpers/boot.js';
import { tscArgv } from '../helpers/fixtures.js';
import { linkDeclaredDeps } from '../helpers/link.js';
import { describeRun, run } from '../helpers/proc.js';
import { assertReport } from '../helpers/report.js';
import { expectAuthRoundTrip } from '../helpers/round-trip.js';
import { cleanupTempDirs, copyFixture, INIT_ARGS, runCli } from '../helpers/scaffold.js';
import { diffTrees, hashTree } from '../helpers/tree.js';

afterAll(async () => {
  await stopAllApps();
  cleanupTempDirs();
});

/** The first message on `url`, or the HTTP status the upgrade was refused with. */
function firstMessage(url: string): Promise<{ socket: WebSocket; message: string } | { status: number }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once('message', (d) => resolve({ socket, message: d.toString() }));
    socket.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }));
    socket.once('error', reject);
    setTimeout(() => reject(new Error(`nothing on ${url}`)), 5000).unref();
  });
}

describe('@fastify/websocket already registered', { timeout: 180_000 }, () => {
  const dir = copyFixture('fastify-websocket-ts-cjs');

  it('is reported in detected.existingWebSocket and init refuses with the exact hook to add, writing nothing', async () => {
    const before = hashTree(dir);
    const res = await runCli([...INIT_ARGS, '--cwd', dir], { cwd: path.dirname(dir) });
    expect(res.exitCode, res.stderr).toBe(2);
    assertReport(res.report);
    expect(res.report.detected?.existingWebSocket).toEqual([{ library: '@fastify/websocket', file: 'src/app.ts', line: 1 }]);
    expect(res.report.detected?.framework?.name).toBe('fastify');
    const [error] = res.report.errors;
    expect(error?.code).toBe('DECISION_NEEDED');
    expect(error?.message).toContain('src/app.ts:13 registers @fastify/websocket (`app.register(websocket)`)');
    expect(error?.message).toContain('answered 404');
    expect(error?.message).toContain("app.addHook('onRequest'");
    expect(error?.hint).toMatch(/--standalone/);
    expect(res.report.wiring).toBeNull();
    expect(diffTrees(before, hashTree(dir)), 'nothing written').toEqual([]);
  });

  it('before the change, @fastify/websocket does swallow an upgrade on a path it has no route for (404)', async () => {
    const probe = copyFixture('fastify-websocket-ts-cjs');
    linkDeclaredDeps(probe);
    const [cmd, ...args] = tscArgv(probe, '-p', '.');
    expect((await run(cmd!, args, { cwd: probe, timeoutMs: 120_000 })).exitCode).toBe(0);
    const app = await bootApp({ cwd: probe, command: [process.execPath, 'dist/index.js'] });
    expect(await firstMessage(app.wsUrl('/ws'))).toEqual({ status: 404 });
    await app.stop();
  });

  it('after exactly the suggested hook, init wires ours; /ws (ours, with auth) and /live (theirs) answer in one test', async () => {
    const first = await runCli([...INIT_ARGS, '--cwd', dir], { cwd: path.dirname(dir) });
    const message = first.report!.errors[0]!.message;
    const hook = /`(app\.addHook\('onRequest'[^`]*)`/.exec(message)?.[1];
    expect(hook, message).toBeDefined();
    const file = path.join(dir, 'src/app.ts');
    const original = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, original.replace('  await app.register(websocket);\n', `  await app.register(websocket);\n  ${hook}\n`));
    const doctor = await runCli(['doctor', '--json', '--cwd', dir], { cwd: path.dirname(dir) });
    expect(doctor.report?.warnings.map((w) => w.code), 'doctor no longer warns after the change').not.toContain('UPGRADE_SWALLOWED');

    const res = await runCli([...INIT_ARGS, '--cwd', dir], { cwd: path.dirname(dir) });
    expect(res.exitCode, `${res.stderr}\n${res.stdout}`).toBe(0);
    expect(res.report?.wiring).toEqual({ file: 'src/index.ts', action: 'added' });
    expect(fs.readFileSync(path.join(dir, 'src/index.ts'), 'utf8')).toMatch(/attachWebSocketServer\(app\.server\)/);

    linkDeclaredDeps(dir);
    const [cmd, ...args] = tscArgv(dir, '-p', '.');
    const built = await run(cmd!, args, { cwd: dir, timeoutMs: 120_000 });
    expect(built.exitCode, describeRun(built)).toBe(0);
    const secret = `fastify-ws-${crypto.randomBytes(16).toString('hex')}`;
    const app = await bootApp({ cwd: dir, command: [process.execPath, 'dist/index.js'], env: { WS_JWT_SECRET: secret } });
    expect(await getJson(app, '/health')).toEqual({ status: 200, body: { ok: true } });
    expect(await getJson(app, '/tickers/ACME')).toEqual({ status: 200, body: { symbol: 'ACME', price: 12.5 } });

    const live = await firstMessage(app.wsUrl('/live'));
    if (!('socket' in live)) throw new Error(`/live refused the upgrade: HTTP ${live.status}`);
    expect(JSON.parse(live.message)).toMatchObject({ type: 'snapshot', prices: { ACME: 12.5 } });
    await expectAuthRoundTrip(app.wsUrl('/ws'), secret);
    // theirs still works after ours did its round trip
    const echoed = new Promise<string>((resolve) => live.socket.once('message', (d) => resolve(d.toString())));
    live.socket.send('ping');
    expect(JSON.parse(await echoed)).toEqual({ type: 'echo', data: 'ping' });
    live.socket.close();
  });
});
