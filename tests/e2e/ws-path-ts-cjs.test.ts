// An existing ws server attached as `{ server, path: '/live' }` answers 400 to every other path, so ours
// could never get its upgrades. The CLI must not wire blindly: it fails saying exactly what to change.
// Then we make exactly that change and run init again: both servers work side by side.
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
import { hashTree, diffTrees } from '../helpers/tree.js';

afterAll(async () => {
  await stopAllApps();
  cleanupTempDirs();
});

describe('an existing ws server attached with { server, path }', { timeout: 180_000 }, () => {
  const dir = copyFixture('ws-path-ts-cjs');

  it('is reported in detected.existingWebSocket and init refuses with the exact change to make, writing nothing', async () => {
    const before = hashTree(dir);
    const res = await runCli([...INIT_ARGS, '--cwd', dir], { cwd: path.dirname(dir) });
    expect(res.exitCode, res.stderr).toBe(2);
    assertReport(res.report);
    expect(res.report.detected?.existingWebSocket).toEqual([{ library: 'ws', file: 'src/index.ts', line: 3 }]);
    const [error] = res.report.errors;
    expect(error?.code).toBe('DECISION_NEEDED');
    expect(error?.message).toContain("src/index.ts:11 creates `new WebSocketServer({ server, path: '/live' })`");
    expect(error?.message).toContain('HTTP 400');
    expect(error?.message).toContain('new WebSocketServer({ noServer: true })');
    expect(error?.hint).toMatch(/--standalone/);
    expect(res.report.wiring).toBeNull();
    expect(diffTrees(before, hashTree(dir)), 'nothing written').toEqual([]);
  });

  it('after exactly the suggested change, init wires ours and both answer on their own paths', async () => {
    const first = await runCli([...INIT_ARGS, '--cwd', dir], { cwd: path.dirname(dir) });
    const message = first.report!.errors[0]!.message;
    const listener = /`(server\.on\('upgrade'[^`]*)`/.exec(message)?.[1];
    expect(listener, message).toBeDefined();
    const file = path.join(dir, 'src/index.ts');
    const original = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, original.replace("new WebSocketServer({ server, path: '/live' });", `new WebSocketServer({ noServer: true });\n${listener}`));
    const doctor = await runCli(['doctor', '--json', '--cwd', dir], { cwd: path.dirname(dir) });
    expect(doctor.report?.warnings.map((w) => w.code), 'doctor no longer warns after the change').not.toContain('UPGRADE_SWALLOWED');

    const res = await runCli([...INIT_ARGS, '--cwd', dir], { cwd: path.dirname(dir) });
    expect(res.exitCode, `${res.stderr}\n${res.stdout}`).toBe(0);
    expect(res.report?.wiring).toEqual({ file: 'src/index.ts', action: 'added' });

    linkDeclaredDeps(dir);
    const [cmd, ...args] = tscArgv(dir, '-p', '.');
    const built = await run(cmd!, args, { cwd: dir, timeoutMs: 120_000 });
    expect(built.exitCode, describeRun(built)).toBe(0);
    const secret = `wspath-${crypto.randomBytes(16).toString('hex')}`;
    const app = await bootApp({ cwd: dir, command: [process.execPath, 'dist/index.js'], env: { WS_JWT_SECRET: secret } });
    expect(await getJson(app, '/health')).toEqual({ status: 200, body: { ok: true } });

    const live = new WebSocket(app.wsUrl('/live'));
    const tick = await new Promise<string>((resolve, reject) => {
      live.once('message', (d) => resolve(d.toString()));
      live.once('error', reject);
      setTimeout(() => reject(new Error('no tick on /live')), 5000).unref();
    });
    expect(JSON.parse(tick)).toEqual({ tick: 1 });
    await expectAuthRoundTrip(app.wsUrl('/ws'), secret);
    expect(live.readyState).toBe(WebSocket.OPEN);
    live.close();
  });
});
