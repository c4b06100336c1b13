// Workspaces (pnpm, npm, yarn, bun): at the root the CLI lists the apps that start a server and names --cwd;
// in an app, dependencies go into the app's package.json and the install runs with the workspace's package
// manager from the app folder (proven with a recording shim on PATH: no registry is called).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bootApp, getJson, stopAllApps } from '../helpers/boot.js';
import { tscArgv } from '../helpers/fixtures.js';
import { linkDeclaredDeps } from '../helpers/link.js';
import { makePmShim } from '../helpers/pm-shim.js';
import { describeRun, run } from '../helpers/proc.js';
import { assertReport } from '../helpers/report.js';
import { expectAuthRoundTrip } from '../helpers/round-trip.js';
import { cleanupTempDirs, copyFixture, INIT_ARGS, runCli } from '../helpers/scaffold.js';
import { diffTrees, hashTree } from '../helpers/tree.js';

afterAll(async () => {
  await stopAllApps();
  cleanupTempDirs();
});

interface Variant {
  pm: 'pnpm' | 'npm' | 'yarn' | 'bun';
  fixture: string;
  site: string;
  /** The install argv (default: `<pm> install`). */
  install?: string[];
  /** detected.yarnFlavor (yarn only). */
  yarnFlavor?: 'classic' | 'berry';
  /** Turn the copy into this variant (bun: its lockfile instead of npm's). */
  prepare?: (dir: string) => void;
}

const VARIANTS: Variant[] = [
  { pm: 'pnpm', fixture: 'monorepo-pnpm', site: 'apps/api/src/index.ts:12' },
  { pm: 'npm', fixture: 'monorepo-npm', site: 'apps/api/src/server.js:7' },
  { pm: 'yarn', fixture: 'monorepo-yarn', site: 'apps/api/src/server.js:7', yarnFlavor: 'classic' },
  { pm: 'yarn', fixture: 'monorepo-yarn-berry', site: 'apps/api/src/server.js:7', yarnFlavor: 'berry', install: ['yarn', 'install', '--no-immutable'] },
  {
    pm: 'bun',
    fixture: 'monorepo-npm',
    site: 'apps/api/src/server.js:7',
    prepare: (dir) => {
      fs.rmSync(path.join(dir, 'package-lock.json'));
      fs.writeFileSync(path.join(dir, 'bun.lock'), '{\n  "lockfileVersion": 1,\n  "workspaces": {}\n}\n');
    },
  },
];

describe.each(VARIANTS)('a $pm workspace ($fixture)', { timeout: 120_000 }, (v) => {
  const root = copyFixture(v.fixture);
  v.prepare?.(root);

  it('at the root: fails with MONOREPO_ROOT listing only the apps that start a server, naming --cwd; writes nothing', async () => {
    const before = hashTree(root);
    const res = await runCli([...INIT_ARGS, '--cwd', root], { cwd: root });
    expect(res.exitCode, res.stderr).toBe(2);
    assertReport(res.report);
    const [error] = res.report.errors;
    expect(error?.code).toBe('MONOREPO_ROOT');
    expect(error?.message).toContain(`apps/api (express, ${v.site})`);
    expect(error?.message).not.toMatch(/apps\/(web|worker)/);
    expect(error?.hint).toContain('--cwd apps/api');
    expect(diffTrees(before, hashTree(root))).toEqual([]);
  });

  const argv = v.install ?? [v.pm, 'install'];
  it(`with --cwd apps/api: deps go into the app's package.json and \`${argv.join(' ')}\` runs in apps/api`, async () => {
    const rootPkg = fs.readFileSync(path.join(root, 'package.json'), 'utf8');
    const shim = makePmShim();
    const res = await runCli(['init', '--yes', '--json', '--cwd', 'apps/api'], { cwd: root, env: shim.env });
    expect(res.exitCode, `${res.stderr}\n${res.stdout}`).toBe(0);
    assertReport(res.report);
    expect(res.report.detected?.packageManager).toBe(v.pm);
    expect(res.report.detected?.yarnFlavor).toBe(v.yarnFlavor);
    expect(res.report.detected?.appRoot).toBe('apps/api');
    expect(res.report.dependencies).toMatchObject({ installed: true, command: { argv, cwd: 'apps/api' } });
    expect(shim.calls()).toEqual([{ name: v.pm, cwd: path.join(root, 'apps/api'), args: argv.slice(1) }]);
    const appPkg = JSON.parse(fs.readFileSync(path.join(root, 'apps/api/package.json'), 'utf8'));
    expect(Object.keys(appPkg.dependencies)).toEqual(expect.arrayContaining(['ws', 'jose']));
    expect(fs.readFileSync(path.join(root, 'package.json'), 'utf8'), 'the root package.json is untouched').toBe(rootPkg);
    expect(fs.existsSync(path.join(root, 'ws-server.config.json')), 'nothing written at the root').toBe(false);
  });
});

describe('the pnpm workspace app, scaffolded', { timeout: 180_000 }, () => {
  it('type-checks with its tsconfig extending the root one, builds, boots and does a ws round trip with auth', async () => {
    const root = copyFixture('monorepo-pnpm');
    const app = path.join(root, 'apps/api');
    const res = await runCli([...INIT_ARGS, '--cwd', 'apps/api'], { cwd: root });
    expect(res.exitCode, res.stderr).toBe(0);
    expect(res.report?.wiring).toEqual({ file: 'src/index.ts', action: 'added' });
    linkDeclaredDeps(app);
    const [cmd, ...args] = tscArgv(app, '-p', '.');
    const built = await run(cmd!, args, { cwd: app, timeoutMs: 120_000 });
    expect(built.exitCode, describeRun(built)).toBe(0);
    const secret = `mono-${crypto.randomBytes(16).toString('hex')}`;
    const running = await bootApp({ cwd: app, command: [process.execPath, 'dist/index.js'], env: { WS_JWT_SECRET: secret } });
    expect(await getJson(running, '/teams/7')).toEqual({ status: 200, body: { id: '7' } });
    await expectAuthRoundTrip(running.wsUrl('/ws'), secret);
  });
});
