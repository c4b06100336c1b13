// Runs a command under a pseudo-terminal with util-linux `script`, so that the CLI sees TTYs on stdin and
// stdout (its prompts run only there). Keystrokes are written to script's stdin, which it forwards to the
// terminal; the test waits for a prompt's text before answering it.
import { spawn, spawnSync } from 'node:child_process';
import { cleanEnv, killGroup } from './proc.js';

export const KEYS = { enter: '\r', down: '\x1b[B', up: '\x1b[A', ctrlC: '\x03' } as const;

export interface PtySession {
  /** Resolves with the output so far once `pattern` matches it (ANSI codes removed); rejects after timeoutMs. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  send(keys: string): void;
  /** Everything the terminal showed so far, ANSI codes removed. */
  output(): string;
  /** The command's exit code (script -e passes it on) and its whole output. */
  exit: Promise<{ code: number | null; output: string }>;
}

/** Fails with a clear message when util-linux `script` is not installed. */
export function requireScript(): void {
  const probe = spawnSync('script', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0 || !/util-linux/.test(probe.stdout)) {
    throw new Error('These tests need `script` from util-linux (apt-get install util-linux) to give the CLI a terminal.');
  }
}

const ANSI = /\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]/g;

/** `argv` is run by script's shell: each word is single-quoted. */
export function startPty(argv: string[], opts: { cwd: string; env?: Record<string, string | undefined>; timeoutMs?: number }): PtySession {
  const command = argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const child = spawn('script', ['-qfec', command, '/dev/null'], {
    cwd: opts.cwd,
    env: cleanEnv({ TERM: 'xterm', COLUMNS: '200', LINES: '50', ...opts.env }),
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  let raw = '';
  const waiters = new Set<() => void>();
  const onData = (d: Buffer) => {
    raw += d.toString('utf8');
    for (const w of [...waiters]) w();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const plain = () => raw.replace(ANSI, '').replace(/\r/g, '');
  const killer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), opts.timeoutMs ?? 60_000);
  const exit = new Promise<{ code: number | null; output: string }>((resolve) => {
    child.on('close', (code) => {
      clearTimeout(killer);
      for (const w of [...waiters]) w();
      resolve({ code, output: plain() });
    });
  });
  let closed = false;
  child.on('close', () => (closed = true));
  return {
    output: plain,
    send: (keys) => child.stdin.write(keys),
    exit,
    waitFor: (pattern, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (pattern.test(plain())) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(plain());
          } else if (closed) {
            waiters.delete(check);
            clearTimeout(timer);
            reject(new Error(`the command ended before ${pattern} showed; it printed:\n${plain()}`));
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no ${pattern} within ${timeoutMs} ms; the terminal shows:\n${plain()}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
  };
}
