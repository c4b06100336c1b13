// The fixture apps on their own, before any CLI runs: they install from the declared deps only,
// type-check, build, boot under plain node and answer their routes. A failure here is a broken
// fixture, not a CLI bug.
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bootApp, getJson, stopAllApps } from '../helpers/boot.js';
import { FIXTURE_SPECS, tscArgv } from '../helpers/fixtures.js';
import { linkDeclaredDeps } from '../helpers/link.js';
import { expectSuccess, run } from '../helpers/proc.js';
import { cleanupTempDirs, copyFixture } from '../helpers/scaffold.js';

afterAll(async () => {
  await stopAllApps();
  cleanupTempDirs();
});

describe.each(Object.values(FIXTURE_SPECS))('fixture $name (no CLI)', (spec) => {
  it('installs from its declared deps, compiles, boots and answers its routes', { timeout: 180_000 }, async () => {
    const dir = copyFixture(spec.name);
    linkDeclaredDeps(dir);
    if (spec.language === 'ts') {
      const [cmd, ...args] = tscArgv(dir, '--noEmit', '-p', spec.typecheckProject!);
      expectSuccess(await run(cmd!, args, { cwd: dir, timeoutMs: 120_000 }), 'tsc --noEmit');
      const [bcmd, ...bargs] = tscArgv(dir, '-p', spec.buildProject!);
      expectSuccess(await run(bcmd!, bargs, { cwd: dir, timeoutMs: 120_000 }), 'tsc build');
    }
    if (spec.testRunner === 'vitest') {
      const r = await run(process.execPath, [path.join(dir, 'node_modules/vitest/vitest.mjs'), 'run'], { cwd: dir, timeoutMs: 120_000 });
      expectSuccess(r, 'the fixture\'s own vitest tests');
    }
    const app = await bootApp({ cwd: dir, command: [process.execPath, ...spec.start] });
    expect(app.output()).toContain(`listening on ${app.port}`);
    expect(await getJson(app, '/health')).toEqual({ status: 200, body: { ok: true } });
    expect((await getJson(app, spec.otherRoute.path)).status).toBe(spec.otherRoute.status);
    await app.stop();
  });
});

describe('the fixture without a server', () => {
  it('is a plain library', () => {
    const dir = copyFixture('no-server');
    expect(linkDeclaredDeps(dir)).toEqual([]);
  });
});
