// The published package works on its own: `npm pack` the project, install the tarball offline
// into an empty directory (`npm ci --offline` with a lockfile cut from ours: the npm cache holds the runtime
// deps), run the installed bin, and scaffold a fixture copy with it. Templates or runtime deps missing from
// the tarball fail here.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeConsumerProject } from '../helpers/offline-lock.js';
import { ROOT } from '../helpers/paths.js';
import { describeRun, expectSuccess, run } from '../helpers/proc.js';
import { assertReport } from '../helpers/report.js';
import { cleanupTempDirs, copyFixture, INIT_ARGS, makeTempDir, runCli } from '../helpers/scaffold.js';

let tarball = '';
let tarballFiles: string[] = [];
let installDir = '';
let bin = '';

beforeAll(async () => {
  const packDir = makeTempDir('pack');
  // prepack builds dist/ from src/, as a real publish would
  const pack = await run('npm', ['pack', '--pack-destination', packDir], { cwd: ROOT, timeoutMs: 170_000 });
  expectSuccess(pack, 'npm pack');
  const tgz = fs.readdirSync(packDir).filter((f) => f.endsWith('.tgz'));
  expect(tgz, `one tarball in ${packDir}`).toHaveLength(1);
  tarball = path.join(packDir, tgz[0]!);
  const list = await run('tar', ['-tzf', tarball], { cwd: packDir, timeoutMs: 30_000 });
  expectSuccess(list, 'tar -tzf');
  tarballFiles = list.stdout.split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''));

  installDir = makeTempDir('pack-install');
  writeConsumerProject(installDir, tarball);
  const install = await run('npm', ['ci', '--offline', '--no-audit', '--no-fund'], { cwd: installDir, timeoutMs: 170_000 });
  expectSuccess(install, 'npm ci --offline (the tarball and its runtime dependencies)');
  bin = path.join(installDir, 'node_modules', '.bin', 'create-ws-server');
}, 360_000);

afterAll(() => cleanupTempDirs());

describe('the packed tarball', () => {
  it('holds the built CLI and its templates, and no sources or tests', () => {
    expect(tarballFiles).toContain('dist/cli.js');
    expect(tarballFiles).toContain('package.json');
    const templates = tarballFiles.filter((f) => f.startsWith('templates/'));
    expect(templates.length, `templates in the tarball:\n${tarballFiles.join('\n')}`).toBeGreaterThan(0);
    const onDisk = (fs.readdirSync(path.join(ROOT, 'templates'), { recursive: true, withFileTypes: true }) as fs.Dirent[])
      .filter((d) => d.isFile())
      .map((d) => path.relative(ROOT, path.join(d.parentPath, d.name)).split(path.sep).join('/'));
    expect(onDisk.filter((f) => !tarballFiles.includes(f)), 'templates missing from the tarball').toEqual([]);
    expect(tarballFiles.filter((f) => f.startsWith('tests/') || f.startsWith('src/') || f.startsWith('node_modules/'))).toEqual([]);
  });

  it('installs offline and its bin answers --help with exit 0, listing the commands', async () => {
    expect(fs.existsSync(bin), `${bin} exists`).toBe(true);
    const r = await run(bin, ['--help'], { cwd: installDir, timeoutMs: 30_000 });
    expect(r.exitCode, describeRun(r)).toBe(0);
    for (const cmd of ['init', 'generate', 'diff', 'check', 'doctor', 'remove']) expect(r.stdout, `--help lists ${cmd}`).toMatch(new RegExp(`^\\s+${cmd}\\b`, 'm'));
  });

  it('scaffolds a fixture copy with the installed bin (templates come from the tarball)', async () => {
    const dir = copyFixture('express-js-cjs');
    const r = await runCli([...INIT_ARGS, '--cwd', dir], { cwd: installDir, bin: [bin], timeoutMs: 90_000 });
    expect(r.report, `${r.jsonError}\n${describeRun(r.raw)}`).not.toBeNull();
    expect(r.exitCode, describeRun(r.raw)).toBe(0);
    assertReport(r.report);
    expect(r.report.files.length).toBeGreaterThan(0);
    expect(r.report.files.every((f) => f.action === 'created')).toBe(true);
    for (const f of r.report.files) expect(fs.existsSync(path.join(dir, f.path)), f.path).toBe(true);
    expect(r.report.files.map((f) => f.path)).toContain('src/ws/server.js');
    expect(r.report.wiring?.action).toBe('added');
  });
});
