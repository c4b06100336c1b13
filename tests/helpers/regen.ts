// Helpers of the regeneration scenarios (tests/e2e/regen*.test.ts): run a command of the built CLI on
// a scaffolded copy with --json, edit its config or files, hash the tree (mtimes included), and prove
// the app still type-checks and its generated tests pass.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { Report } from '../../src/types.js';
import { runGeneratedTests } from './fixture-suite.js';
import { FIXTURE_SPECS, tscArgv } from './fixtures.js';
import { linkDeclaredDeps } from './link.js';
import { ROOT } from './paths.js';
import { describeRun, expectSuccess, run } from './proc.js';
import { assertReport } from './report.js';
import { runCli, scaffoldFixture } from './scaffold.js';

export const FIXTURE = 'express4-ts-cjs';
export const SPEC = FIXTURE_SPECS[FIXTURE]!;

export interface CommandRun {
  exitCode: number | null;
  report: Report;
  stdout: string;
  stderr: string;
}

/** `create-ws-server <args> --json --cwd <dir>`, asserting one conforming JSON report. */
export async function cli(dir: string, args: string[], opts: { bin?: string[] } = {}): Promise<CommandRun> {
  const r = await runCli([...args, '--json', '--cwd', dir], { cwd: path.dirname(dir), ...(opts.bin ? { bin: opts.bin } : {}) });
  if (r.report === null) throw new Error(`${args.join(' ')}: ${r.jsonError}\n${describeRun(r.raw)}`);
  assertReport(r.report);
  return { exitCode: r.exitCode, report: r.report, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh scaffold of the fixture (init --yes --no-install), asserted to succeed. */
export async function freshApp(extraArgs: string[] = []): Promise<string> {
  const s = await scaffoldFixture(FIXTURE, extraArgs);
  expect(s.exitCode, s.stderr).toBe(0);
  return s.dir;
}

export const read = (dir: string, rel: string): string => fs.readFileSync(path.join(dir, rel), 'utf8');
export const exists = (dir: string, rel: string): boolean => fs.existsSync(path.join(dir, rel));
export const write = (dir: string, rel: string, text: string): void => {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), text);
};

/** Edit ws-server.config.json as an object and write it back (2-space JSON, like the CLI). */
export function editConfig(dir: string, edit: (cfg: Record<string, any>) => void): void {
  const cfg = JSON.parse(read(dir, 'ws-server.config.json')) as Record<string, any>;
  edit(cfg);
  write(dir, 'ws-server.config.json', `${JSON.stringify(cfg, null, 2)}\n`);
}

/** Replace text that must be there (a moved anchor fails loudly, naming it). */
export function replaceIn(dir: string, rel: string, from: string | RegExp, to: string): string {
  const before = read(dir, rel);
  const after = before.replace(from, to);
  if (after === before) throw new Error(`${rel}: ${String(from)} not found: update the scenario`);
  write(dir, rel, after);
  return after;
}

/** path -> sha256 of content and mtime, of every file and symlink (node_modules and lockfiles included). */
export function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (abs: string, rel: string): void => {
    for (const ent of fs.readdirSync(abs, { withFileTypes: true })) {
      const relPath = rel ? `${rel}/${ent.name}` : ent.name;
      const full = path.join(abs, ent.name);
      if (ent.isSymbolicLink()) out.set(relPath, `symlink:${fs.readlinkSync(full)}`);
      else if (ent.isDirectory()) {
        out.set(`${relPath}/`, 'dir');
        walk(full, relPath);
      } else {
        const hash = crypto.createHash('sha256').update(fs.readFileSync(full)).digest('hex');
        out.set(relPath, `${hash} ${fs.statSync(full).mtimeMs}`);
      }
    }
  };
  walk(dir, '');
  return out;
}

export function changedPaths(before: Map<string, string>, after: Map<string, string>): string[] {
  const lines: string[] = [];
  for (const [p, h] of before) if (after.get(p) !== h) lines.push(after.has(p) ? `changed ${p}` : `removed ${p}`);
  for (const p of after.keys()) if (!before.has(p)) lines.push(`added ${p}`);
  return lines.sort();
}

/** Action of each file in a report, as { path: action }. */
export function actions(report: Report): Record<string, string> {
  return Object.fromEntries(report.files.map((f) => [f.path, f.action]));
}

/** Link the declared deps (again: generate may have added some), type-check, run the generated tests. */
export async function expectTypechecksAndTestsPass(dir: string, report: Report): Promise<void> {
  linkDeclaredDeps(dir);
  const [cmd, ...args] = tscArgv(dir, '--noEmit', '-p', SPEC.typecheckProject!);
  expectSuccess(await run(cmd!, args, { cwd: dir, timeoutMs: 150_000 }), 'tsc --noEmit');
  const tests = await runGeneratedTests(dir, SPEC, report);
  expectSuccess(tests, 'the generated tests');
}

/**
 * A newer release of the CLI, simulated: a copy of the built package (dist/, templates/, package.json
 * with a bumped version) whose templates `alter` may change; node_modules is a link to the project's.
 */
export function simulatedRelease(tempDir: string, version: string, alter: (templatesDir: string) => void): string[] {
  const pkgDir = path.join(tempDir, 'create-ws-server');
  fs.mkdirSync(pkgDir, { recursive: true });
  fs.cpSync(path.join(ROOT, 'dist'), path.join(pkgDir, 'dist'), { recursive: true });
  fs.cpSync(path.join(ROOT, 'templates'), path.join(pkgDir, 'templates'), { recursive: true });
  fs.cpSync(path.join(ROOT, 'schemas'), path.join(pkgDir, 'schemas'), { recursive: true });
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  fs.writeFileSync(path.join(pkgDir, 'package.json'), JSON.stringify({ ...pkg, version }, null, 2));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(pkgDir, 'node_modules'), 'dir');
  alter(path.join(pkgDir, 'templates'));
  return [process.execPath, path.join(pkgDir, 'dist', 'cli.js')];
}
