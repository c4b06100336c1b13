import { spawn } from 'node:child_process';
import path from 'node:path';

export interface RunResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  durationMs: number;
  /** `cmd args...` for messages. */
  command: string;
}

export interface RunOptions {
  cwd: string;
  /** Added on top of cleanEnv() (a value of undefined removes the variable). */
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
  input?: string;
}

/** npm settings that say where the cache and registry are (an offline install depends on them). */
const NPM_KEEP = new Set(['npm_config_cache', 'npm_config_userconfig', 'npm_config_globalconfig', 'npm_config_registry']);

/**
 * The environment for every child we start: the inherited one minus what would make a run depend
 * on how the test itself was started: WS_* (the app's runtime knobs), npm's per-run variables
 * (npm_config_user_agent steers package-manager detection; cache/registry settings are kept), vitest's worker variables, NODE_OPTIONS,
 * CI (changes CLI behaviour), and node_modules/.bin entries on PATH (npx adds the project's, which
 * would hide a dev tool that the CLI forgot to declare).
 */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (/^WS_/i.test(key)) continue;
    if (/^npm_/i.test(key) && !NPM_KEEP.has(key.toLowerCase())) continue;
    if (/^VITEST/.test(key) || key === 'TEST' || key === 'NODE_ENV') continue;
    if (/^(NODE_OPTIONS|NODE_PATH|NODE_EXTRA_CA_CERTS_UNUSED|TS_NODE_.*|TSX_.*|CI|FORCE_COLOR|REDIS_URL|PORT|INIT_CWD)$/.test(key)) continue;
    env[key] = value;
  }
  env.PATH = (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter((p) => p !== '' && !p.split(path.sep).includes('node_modules'))
    .join(path.delimiter);
  env.NO_COLOR = '1';
  env.npm_config_update_notifier = 'false';
  env.npm_config_fund = 'false';
  env.npm_config_audit = 'false';
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/** Run a command to completion, bounded in time; the whole process group is killed on timeout. */
export function run(cmd: string, args: string[], opts: RunOptions): Promise<RunResult> {
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const started = Date.now();
  const command = [cmd, ...args].join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: cleanEnv(opts.env),
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true, // own process group, so a timeout can end its children too
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid, 'SIGKILL');
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      resolve({ exitCode, signal, stdout, stderr, timedOut, durationMs: Date.now() - started, command });
    });
    child.stdin.end(opts.input ?? '');
  });
}

/** Kill a process group we started (detached child: pgid = pid). Ignores groups already gone. */
export function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      /* already gone */
    }
  }
}

/** Human-readable summary of a finished run, for assertion messages. */
export function describeRun(r: RunResult, max = 6000): string {
  const cut = (s: string) => (s.length > max ? `${s.slice(0, max / 2)}\n...[cut]...\n${s.slice(-max / 2)}` : s);
  return [
    `$ ${r.command}`,
    `exit ${String(r.exitCode)}${r.signal ? ` (signal ${r.signal})` : ''}${r.timedOut ? ' TIMED OUT' : ''} after ${r.durationMs} ms`,
    `--- stdout ---\n${cut(r.stdout)}`,
    `--- stderr ---\n${cut(r.stderr)}`,
  ].join('\n');
}

/** Assert a run exited 0, with the whole output in the failure message. */
export function expectSuccess(r: RunResult, what: string): void {
  if (r.exitCode !== 0 || r.timedOut) {
    throw new Error(`${what} failed:\n${describeRun(r)}`);
  }
}
