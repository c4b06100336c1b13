// A redis-server of a test's own, on a free port, stopped by its PID (never the shared one on 6379).

import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { getFreePort } from './boot.js';

export interface OwnRedis {
  port: number;
  url: string;
  /** Stops it (SIGKILL by default: an outage, not a shutdown) and waits, bounded, for it to exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

const started = new Set<ChildProcess>();

/** Starts redis-server without persistence on `port` (default: a free one) and waits until it answers PING. */
export async function startOwnRedis(port?: number): Promise<OwnRedis> {
  const p = port ?? (await getFreePort());
  const child = spawn('redis-server', ['--port', String(p), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  started.add(child);
  let failed: Error | null = null;
  child.once('error', (error) => (failed = error));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 5000;
  while ((await redisCli(p, 'PING')).trim() !== 'PONG') {
    if (failed !== null) throw new Error(`redis-server could not be started (${(failed as Error).message}): install it (Debian: apt-get install redis-server)`);
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`redis-server on port ${p} did not answer PING within 5 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port: p,
    url: `redis://127.0.0.1:${p}`,
    stop: async (signal: NodeJS.Signals = 'SIGKILL') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      started.delete(child);
    },
  };
}

/** Kills every redis-server started here and not stopped yet (for afterAll). */
export function killOwnRedisServers(): void {
  for (const child of started) child.kill('SIGKILL');
  started.clear();
}

/** Runs redis-cli against 127.0.0.1:<port>; resolves with its stdout ('' when it failed). */
export function redisCli(port: number, ...args: string[]): Promise<string> {
  return new Promise((resolve) => {
    execFile('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { timeout: 3000 }, (_error, stdout) => resolve(String(stdout)));
  });
}
