// A forked child process spoken to over IPC: request(cmd, args) -> the child's { id, ok, result | error }.
import { fork, type ChildProcess } from 'node:child_process';

interface Reply {
  id?: number;
  ok?: boolean;
  result?: unknown;
  error?: string;
  type?: string;
  port?: number;
}

export interface ForkOptions {
  env: NodeJS.ProcessEnv;
  execArgv?: string[];
  /** Wait for the child's `{ type: 'ready', port }` (servers send it once listening). */
  waitReady?: boolean;
  readyTimeoutMs?: number;
}

const OUTPUT_TAIL = 8000;

export class Child {
  readonly name: string;
  readonly proc: ChildProcess;
  port = 0;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private output = '';
  private exited = false;
  private readonly exitPromise: Promise<void>;

  private constructor(name: string, proc: ChildProcess) {
    this.name = name;
    this.proc = proc;
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString('utf8')).slice(-OUTPUT_TAIL);
    };
    proc.stdout?.on('data', keep);
    proc.stderr?.on('data', keep);
    proc.on('message', (msg: Reply) => {
      if (typeof msg.id !== 'number') return;
      const waiter = this.waiting.get(msg.id);
      if (!waiter) return;
      this.waiting.delete(msg.id);
      if (msg.ok) waiter.resolve(msg.result);
      else waiter.reject(new Error(`${this.name}: ${msg.error ?? 'failed'}`));
    });
    this.exitPromise = new Promise((resolve) => {
      proc.on('exit', (code, signal) => {
        this.exited = true;
        for (const waiter of this.waiting.values()) {
          waiter.reject(new Error(`${this.name} exited (${code ?? signal}) before answering:\n${this.output}`));
        }
        this.waiting.clear();
        resolve();
      });
    });
  }

  static async start(name: string, script: string, opts: ForkOptions): Promise<Child> {
    const proc = fork(script, [], {
      env: opts.env,
      execArgv: opts.execArgv ?? [],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const child = new Child(name, proc);
    if (opts.waitReady) {
      const timeoutMs = opts.readyTimeoutMs ?? 30_000;
      child.port = await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => {
          proc.kill('SIGKILL');
          reject(new Error(`${name} did not start within ${timeoutMs} ms:\n${child.output}`));
        }, timeoutMs);
        proc.on('message', (msg: Reply) => {
          if (msg.type === 'ready' && typeof msg.port === 'number') {
            clearTimeout(timer);
            resolve(msg.port);
          }
        });
        proc.on('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`${name} exited with ${code} while starting:\n${child.output}`));
        });
      });
    }
    return child;
  }

  request<T>(cmd: string, args: Record<string, unknown> = {}, timeoutMs = 300_000): Promise<T> {
    if (this.exited) return Promise.reject(new Error(`${this.name} has exited:\n${this.output}`));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`${this.name}: no answer to ${cmd} within ${timeoutMs} ms:\n${this.output}`));
      }, timeoutMs);
      this.waiting.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.proc.send({ id, cmd, args });
    });
  }

  /** What the child printed lately (for error messages). */
  tail(): string {
    return this.output;
  }

  /** Asks the child to stop (`stopCmd`), then SIGKILLs it (by its own pid) when it lingers. */
  async stop(stopCmd: string | null = 'stop', graceMs = 5000): Promise<void> {
    if (this.exited) return;
    if (stopCmd !== null) await this.request(stopCmd, {}, graceMs).catch(() => {});
    const timer = setTimeout(() => {
      if (!this.exited) this.proc.kill('SIGKILL');
    }, graceMs);
    if (stopCmd === null) this.proc.disconnect();
    await this.exitPromise;
    clearTimeout(timer);
  }
}
