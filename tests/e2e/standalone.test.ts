// No server to attach to: the message says what was looked at and offers --standalone / --entry; with
// --standalone the CLI generates a server on its own port (WS_PORT) that runs under plain node.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bootApp, getFreePort, stopAllApps } from '../helpers/boot.js';
import { linkDeclaredDeps } from '../helpers/link.js';
import { expectSuccess, run } from '../helpers/proc.js';
import { assertReport } from '../helpers/report.js';
import { expectAuthRoundTrip } from '../helpers/round-trip.js';
import { cleanupTempDirs, copyFixture, INIT_ARGS, runCli } from '../helpers/scaffold.js';

afterAll(async () => {
  await stopAllApps();
  cleanupTempDirs();
});

describe('a fastify-cli plugin repo (no listen() anywhere)', () => {
  it('fails with NO_SERVER_FOUND naming the files looked at, why, and both ways on; writes nothing', async () => {
    const dir = copyFixture('fastify-cli-plugin');
    const before = fs.readFileSync(path.join(dir, 'package.json'), 'utf8');
    const res = await runCli([...INIT_ARGS, '--cwd', dir], { cwd: path.dirname(dir) });
    expect(res.exitCode, res.stderr).toBe(2);
    assertReport(res.report);
    const [error] = res.report.errors;
    expect(error?.code).toBe('NO_SERVER_FOUND');
    expect(error?.message).toContain('app.js');
    expect(error?.message).toMatch(/fastify-cli/);
    expect(error?.message).toMatch(/listen\(\).*createServer\(\).*serve\(\)/);
    expect(error?.hint).toMatch(/--standalone/);
    expect(error?.hint).toMatch(/--entry <file>/);
    expect(res.report.detected?.framework?.name).toBe('fastify');
    expect(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).toBe(before);
    expect(fs.existsSync(path.join(dir, 'ws-server.config.json'))).toBe(false);
  });
});

describe('--standalone on a library with no server', () => {
  it('generates src/ws/standalone.js, wires nothing, adds ws:start, and the server answers on WS_PORT with auth', { timeout: 120_000 }, async () => {
    const dir = copyFixture('no-server');
    const res = await runCli([...INIT_ARGS, '--standalone', '--cwd', dir], { cwd: path.dirname(dir) });
    expect(res.exitCode, `${res.stderr}\n${res.stdout}`).toBe(0);
    assertReport(res.report);
    expect(res.report.wiring).toBeNull();
    expect(res.report.files).toContainEqual({ path: 'src/ws/standalone.js', kind: 'owned', action: 'created' });
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    expect(pkg.scripts['ws:start']).toBe('node src/ws/standalone.js');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'ws-server.config.json'), 'utf8')).standalone).toBe(true);
    expect(res.report.nextSteps.join('\n')).toMatch(/WS_PORT/);
    // the library itself is untouched
    expect(fs.readFileSync(path.join(dir, 'src/index.js'), 'utf8')).not.toMatch(/attachWebSocketServer/);

    linkDeclaredDeps(dir);
    const secret = `standalone-${crypto.randomBytes(16).toString('hex')}`;
    const wsPort = await getFreePort();
    const app = await bootApp({
      cwd: dir,
      command: [process.execPath, ...pkg.scripts['ws:start'].split(' ').slice(1)],
      env: { WS_PORT: String(wsPort), WS_JWT_SECRET: secret },
    });
    expect(app.output()).toContain(`listening on ${wsPort}`);
    const health = await fetch(`http://127.0.0.1:${wsPort}/health`, { signal: AbortSignal.timeout(5000) });
    expect(health.status).toBe(200);
    await expectAuthRoundTrip(`ws://127.0.0.1:${wsPort}/ws`, secret);

    // and it stops cleanly on SIGTERM (closing its connections first)
    await app.stop();
    expect(app.exitCode(), app.output()).toBe(0);

    // re-running changes nothing
    const again = await runCli([...INIT_ARGS, '--cwd', dir], { cwd: path.dirname(dir) });
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.report?.files.filter((f) => f.action !== 'unchanged')).toEqual([]);
    expectSuccess(await run(process.execPath, ['--check', path.join(dir, 'src/ws/standalone.js')], { cwd: dir }), 'node --check');
  });
});
