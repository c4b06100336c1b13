// The CLI's failure modes and read-only commands under --json: exactly one JSON document on
// stdout for every exit, the documented exit code and error code, and nothing written.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/paths.js';
import { assertReport } from '../helpers/report.js';
import { cleanupTempDirs, copyFixture, makeTempDir, runCli, type CliResult } from '../helpers/scaffold.js';
import { diffTrees, hashTree } from '../helpers/tree.js';

afterAll(() => cleanupTempDirs());

function show(r: CliResult): string {
  return `exit ${String(r.exitCode)}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`;
}

/** Run the CLI from the copy's parent and assert: one conforming JSON document, exit code, nothing written. */
async function runExpectingNoWrites(dir: string, args: string[], exit: number): Promise<CliResult> {
  const before = hashTree(dir);
  const r = await runCli(args, { cwd: path.dirname(dir) });
  expect(r.report, `${r.jsonError}\n${show(r)}`).not.toBeNull();
  assertReport(r.report);
  expect(r.exitCode, show(r)).toBe(exit);
  expect(diffTrees(before, hashTree(dir)), `files written by ${args.join(' ')}`).toEqual([]);
  return r;
}

describe('create-ws-server --json: usage errors', { timeout: 120_000 }, () => {
  it('an unknown flag is exit 2 with one JSON document (USAGE)', async () => {
    const dir = copyFixture('express4-ts-cjs');
    const r = await runExpectingNoWrites(dir, ['init', '--yes', '--json', '--no-install', '--definitely-not-a-flag', '--cwd', dir], 2);
    expect(r.report!.ok).toBe(false);
    expect(r.report!.errors[0]?.code).toBe('USAGE');
    expect(r.report!.errors[0]?.message).toContain('--definitely-not-a-flag');
  });

  it('--framework bogus is exit 2 with one JSON document naming the flag', async () => {
    const dir = copyFixture('express4-ts-cjs');
    const r = await runExpectingNoWrites(dir, ['init', '--yes', '--json', '--no-install', '--framework', 'bogus', '--cwd', dir], 2);
    expect(r.report!.ok).toBe(false);
    expect(r.report!.errors[0]?.code).toBe('USAGE');
    expect(`${r.report!.errors[0]?.message} ${r.report!.errors[0]?.hint}`).toMatch(/--framework|bogus/);
  });
});

describe('create-ws-server --json: repos it cannot work on', { timeout: 120_000 }, () => {
  it('a directory without package.json is exit 1, NO_PACKAGE_JSON', async () => {
    const dir = path.join(makeTempDir('no-pkg'), 'app');
    fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'src', 'index.js'), "require('node:http').createServer().listen(3000);\n");
    const r = await runExpectingNoWrites(dir, ['init', '--yes', '--json', '--no-install', '--cwd', dir], 1);
    expect(r.report!.ok).toBe(false);
    expect(r.report!.errors[0]?.code).toBe('NO_PACKAGE_JSON');
    expect(r.report!.errors[0]?.hint.length).toBeGreaterThan(0);
  });

  it('a repo with no HTTP server and --yes is exit 2, NO_SERVER_FOUND, listing the files it inspected', async () => {
    const dir = copyFixture('no-server');
    const r = await runExpectingNoWrites(dir, ['init', '--yes', '--json', '--no-install', '--cwd', dir], 2);
    expect(r.report!.ok).toBe(false);
    const err = r.report!.errors[0]!;
    expect(err.code).toBe('NO_SERVER_FOUND');
    expect(err.message).toContain('src/index.js');
    expect(`${err.message} ${err.hint}`).toMatch(/--entry|--standalone/);
  });
});

describe('create-ws-server --json: commands that must not write', { timeout: 120_000 }, () => {
  it('doctor --json prints what it detected and writes nothing', async () => {
    const dir = copyFixture('express4-ts-cjs');
    const r = await runExpectingNoWrites(dir, ['doctor', '--json', '--cwd', dir], 0);
    expect(r.report).toMatchObject({ ok: true, command: 'doctor' });
    expect(r.report!.detected?.framework?.name).toBe('express');
    expect(r.report!.detected?.serverSite?.file).toBe('src/index.ts');
  });

  it('init --dry-run writes nothing (no config, no files, package.json untouched) but says what it would do', async () => {
    const dir = copyFixture('express5-ts-esm');
    const pkgBefore = fs.readFileSync(path.join(dir, 'package.json'));
    const r = await runExpectingNoWrites(dir, ['init', '--yes', '--no-install', '--json', '--dry-run', '--cwd', dir], 0);
    expect(r.report).toMatchObject({ ok: true, command: 'init', dryRun: true });
    expect(r.report!.files.length).toBeGreaterThan(0);
    expect(r.report!.files.every((f) => f.action === 'created'), JSON.stringify(r.report!.files)).toBe(true);
    expect(r.report!.dependencies.added.map((d) => d.name)).toEqual(expect.arrayContaining(['ws', 'jose']));
    expect(r.report!.dependencies.installed).toBe(false);
    expect(fs.readFileSync(path.join(dir, 'package.json')).equals(pkgBefore)).toBe(true);
    expect(fs.existsSync(path.join(dir, 'ws-server.config.json'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'node_modules'))).toBe(false);
  });
});

describe('create-ws-server | a reader that goes away', () => {
  /** Runs the CLI with our end of its stdout closed at once: its first write (the report) meets no reader. */
  async function runUnheard(args: string[]): Promise<{ code: number | null; stderr: string }> {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    return { code, stderr };
  }

  it('finishes with no stack trace and its own exit code when stdout is closed (EPIPE)', async () => {
    const fixture = path.join('tests', 'fixtures', 'express4-ts-cjs');
    const doctor = await runUnheard(['doctor', '--json', '--cwd', fixture]);
    expect(doctor.stderr).not.toMatch(/EPIPE|Error:/);
    expect(doctor.code).toBe(0);
    // check with no manifest is exit 1 (NO_MANIFEST): still 1 with nobody reading.
    const check = await runUnheard(['check', '--json', '--cwd', fixture]);
    expect(check.stderr).not.toMatch(/EPIPE|Error:/);
    expect(check.code).toBe(1);
  });
});
