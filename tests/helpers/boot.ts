import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { cleanEnv, killGroup } from './proc.js';

/** A port that was free a moment ago (listen on 0, read it, close). */
export function getFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface RunningApp {
  port: number;
  pid: number;
  baseUrl: string;
  wsUrl(path: string): string;
  /** Everything the app printed so far (stdout and stderr interleaved). */
  output(): string;
  exitCode(): number | null;
  stop(): Promise<void>;
}

export interface BootOptions {
  cwd: string;
  /** argv, e.g. [process.execPath, 'dist/index.js'] */
  command: string[];
  /** Runtime env on top of cleanEnv() (which has dropped every inherited WS_*); PORT is set for you. */
  env?: Record<string, string | undefined>;
  readyPattern?: RegExp;
  timeoutMs?: number;
  /** Listen on this port (e.g. to restart an app where its clients expect it); default: a free one. */
  port?: number;
}

const running = new Set<RunningApp>();

/** Start the app as a child process on a free port and wait until it prints `listening on`. */
export async function bootApp(opts: BootOptions): Promise<RunningApp> {
  const port = opts.port ?? (await getFreePort());
  const [cmd, ...args] = opts.command;
  const child: ChildProcess = spawn(cmd!, args, {
    cwd: opts.cwd,
    env: cleanEnv({ ...(opts.env ?? {}), PORT: String(port) }),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  let exitCode: number | null = null;
  let exited = false;
  const exitPromise = new Promise<void>((resolve) => {
    child.on('exit', (code, signal) => {
      exited = true;
      exitCode = code ?? (signal ? 128 : null);
      resolve();
    });
  });
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (out += d));

  const app: RunningApp = {
    port,
    pid: child.pid!,
    baseUrl: `http://127.0.0.1:${port}`,
    wsUrl: (p: string) => `ws://127.0.0.1:${port}${p}`,
    output: () => out,
    exitCode: () => exitCode,
    stop: async () => {
      running.delete(app);
      if (exited) return;
      killGroup(child.pid, 'SIGTERM');
      const t = setTimeout(() => killGroup(child.pid, 'SIGKILL'), 3000);
      await Promise.race([exitPromise, new Promise((r) => setTimeout(r, 5000))]);
      clearTimeout(t);
    },
  };
  running.add(app);

  const ready = opts.readyPattern ?? /listening on/;
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const started = Date.now();
  while (!ready.test(out)) {
    if (exited) {
      throw new Error(`${opts.command.join(' ')} exited with ${String(exitCode)} before printing ${String(ready)}:\n${out}`);
    }
    if (Date.now() - started > timeoutMs) {
      await app.stop();
      throw new Error(`${opts.command.join(' ')} did not print ${String(ready)} within ${timeoutMs} ms:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return app;
}

/** Stop every app still running (for afterAll). */
export async function stopAllApps(): Promise<void> {
  await Promise.all([...running].map((a) => a.stop()));
}

/** GET a path on the app; resolves with status and parsed JSON body (or the text). */
export async function getJson(app: RunningApp, path: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${app.baseUrl}${path}`, { signal: AbortSignal.timeout(5000) });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* keep text */
  }
  return { status: res.status, body };
}
