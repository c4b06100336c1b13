import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CLI, FIXTURES } from './paths.js';
import { describeRun, run, type RunResult } from './proc.js';
import type { Report } from '../../src/types.js';

export interface CliResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** The parsed stdout when it is exactly one JSON document; otherwise null (see jsonError). */
  report: Report | null;
  jsonError: string | null;
  raw: RunResult;
}

const tempDirs: string[] = [];

/** A fresh temp dir under os.tmpdir(); removed by cleanupTempDirs() unless KEEP_E2E_TMP is set. */
export function makeTempDir(prefix: string): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `cws-${prefix}-`)));
  tempDirs.push(dir);
  return dir;
}

export function cleanupTempDirs(): void {
  if (process.env.KEEP_E2E_TMP) return;
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** Copy tests/fixtures/<name> (without node_modules/dist) into a fresh temp dir; returns the copy's path. */
export function copyFixture(name: string): string {
  const src = path.join(FIXTURES, name);
  if (!fs.existsSync(path.join(src, 'package.json'))) throw new Error(`no fixture named ${name} at ${src}`);
  const dir = path.join(makeTempDir(name), name);
  fs.cpSync(src, dir, {
    recursive: true,
    filter: (from) => {
      const rel = path.relative(src, from).split(path.sep);
      return !rel.includes('node_modules') && rel[0] !== 'dist';
    },
  });
  return dir;
}

/**
 * Parse stdout as exactly one JSON document. Whitespace around it is fine; anything else
 * (a log line, a second document) is an error that names what was found.
 */
export function parseSingleJson(stdout: string): { value: unknown; error: string | null } {
  const text = stdout.trim();
  if (text === '') return { value: null, error: 'stdout is empty' };
  try {
    return { value: JSON.parse(text), error: null };
  } catch (err) {
    return { value: null, error: `stdout is not exactly one JSON document (${(err as Error).message}):\n${stdout.slice(0, 2000)}` };
  }
}

/** Run a CLI (the built dist/cli.js by default) with args in cwd, bounded in time. */
export async function runCli(
  args: string[],
  opts: { cwd: string; bin?: string[]; timeoutMs?: number; env?: Record<string, string | undefined> },
): Promise<CliResult> {
  const [cmd, ...pre] = opts.bin ?? [process.execPath, CLI];
  if (opts.bin === undefined && !fs.existsSync(CLI)) {
    throw new Error(`${CLI} does not exist: run \`npm run build\` in the project first`);
  }
  const raw = await run(cmd!, [...pre, ...args], {
    cwd: opts.cwd,
    timeoutMs: opts.timeoutMs ?? 90_000,
    ...(opts.env ? { env: opts.env } : {}),
  });
  if (raw.timedOut) throw new Error(`CLI timed out:\n${describeRun(raw)}`);
  const parsed = args.includes('--json') ? parseSingleJson(raw.stdout) : { value: null, error: 'not run with --json' };
  return {
    exitCode: raw.exitCode,
    stdout: raw.stdout,
    stderr: raw.stderr,
    report: parsed.value as Report | null,
    jsonError: parsed.error,
    raw,
  };
}

export interface Scaffolded {
  dir: string;
  report: Report;
  exitCode: number | null;
  stderr: string;
  stdout: string;
}

export const INIT_ARGS = ['init', '--yes', '--no-install', '--json'] as const;

/**
 * Copy a fixture to a temp dir and run `create-ws-server init --yes --no-install --json --cwd <copy>` on it.
 * Throws (with the CLI's output) when stdout is not exactly one JSON document.
 */
export async function scaffoldFixture(name: string, extraArgs: string[] = []): Promise<Scaffolded> {
  const dir = copyFixture(name);
  const res = await runCli([...INIT_ARGS, '--cwd', dir, ...extraArgs], { cwd: path.dirname(dir) });
  if (res.report === null) throw new Error(`init on ${name}: ${res.jsonError}\n${describeRun(res.raw)}`);
  return { dir, report: res.report, exitCode: res.exitCode, stderr: res.stderr, stdout: res.stdout };
}
