// node:https: `https.createServer(options, app)` is a server like any other; the CLI attaches to it and the
// WebSocket server answers wss:// on the same port (TLS handled by the app's own server).
import crypto from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bootApp, stopAllApps } from '../helpers/boot.js';
import { once } from '../helpers/fixture-suite.js';
import { tscArgv } from '../helpers/fixtures.js';
import { linkDeclaredDeps } from '../helpers/link.js';
import { describeRun, run } from '../helpers/proc.js';
import { assertReport } from '../helpers/report.js';
import { expectAuthRoundTrip } from '../helpers/round-trip.js';
import { cleanupTempDirs, scaffoldFixture } from '../helpers/scaffold.js';

const secret = `https-${crypto.randomBytes(16).toString('hex')}`;
const scaffold = once(() => scaffoldFixture('https-ts-cjs'));

function httpsGet(port: number, urlPath: string, ca: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.get({ host: '127.0.0.1', port, path: urlPath, ca, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d)).on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

afterAll(async () => {
  await stopAllApps();
  cleanupTempDirs();
});

describe('create-ws-server init on https-ts-cjs', { timeout: 180_000 }, () => {
  it('finds https.createServer(options, app) and wires the server it returns', async () => {
    const { report, dir, exitCode, stderr } = await scaffold();
    expect(exitCode, stderr).toBe(0);
    assertReport(report);
    expect(report.detected).toMatchObject({ framework: { name: 'express' }, entry: 'src/server.ts', serverSite: { file: 'src/server.ts', line: 22, kind: 'create-server' } });
    expect(report.wiring).toEqual({ file: 'src/server.ts', action: 'added' });
    expect(fs.readFileSync(path.join(dir, 'src/server.ts'), 'utf8')).toContain('const server = https.createServer(options, app);\nattachWebSocketServer(server);\n');
  });

  it('type-checks, builds, boots, answers its routes over TLS and does a wss:// round trip with auth', async () => {
    const { dir } = await scaffold();
    linkDeclaredDeps(dir);
    const [cmd, ...args] = tscArgv(dir, '-p', '.');
    const built = await run(cmd!, args, { cwd: dir, timeoutMs: 120_000 });
    expect(built.exitCode, describeRun(built)).toBe(0);
    const ca = fs.readFileSync(path.join(dir, 'certs/test-only.crt'));
    const app = await bootApp({ cwd: dir, command: [process.execPath, 'dist/server.js'], env: { WS_JWT_SECRET: secret } });
    expect(await httpsGet(app.port, '/health', ca)).toEqual({ status: 200, body: '{"ok":true}' });
    expect((await httpsGet(app.port, '/secrets/9', ca)).status).toBe(200);
    await expectAuthRoundTrip(`wss://127.0.0.1:${app.port}/ws`, secret, { ca });
  });
});
