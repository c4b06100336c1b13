// The app under torture: the express5-ts-esm fixture, given prom-client (so the metrics are generated too),
// scaffolded with the BUILT cli, its seeded authorize() restricted the way its comment shows, compiled with
// the app's own tsc build, and run in child processes (support/server-process.mjs) that the tests talk to.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tscArgv } from '../../helpers/fixtures.js';
import { linkDeclaredDeps } from '../../helpers/link.js';
import { ROOT_NODE_MODULES } from '../../helpers/paths.js';
import { cleanEnv, describeRun, run } from '../../helpers/proc.js';
import { copyFixture, runCli } from '../../helpers/scaffold.js';
import { within } from './clients.js';

const HARNESS = fileURLToPath(new URL('./server-process.mjs', import.meta.url));

export interface TortureApp {
  dir: string;
  /** The compiled generated server (dist/ws/server.js). */
  serverJs: string;
  secret: string;
  /** What init reported it wrote. */
  files: string[];
}

function readJson(file: string): any {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

export async function scaffoldTortureApp(): Promise<TortureApp> {
  const dir = copyFixture('express5-ts-esm');
  const pkgFile = path.join(dir, 'package.json');
  const pkg = readJson(pkgFile);
  pkg.dependencies['prom-client'] = readJson(path.join(ROOT_NODE_MODULES, 'prom-client', 'package.json')).version;
  fs.writeFileSync(pkgFile, `${JSON.stringify(pkg, null, 2)}\n`);

  const init = await runCli(['init', '--yes', '--no-install', '--json'], { cwd: dir, timeoutMs: 120_000 });
  if (init.exitCode !== 0 || init.report === null) throw new Error(`init failed:\n${init.stderr}\n${init.stdout}`);
  const files = init.report.files.map((f) => f.path);

  // The seeded hook is the user's file: restrict it the way its own comment shows.
  const authorizeFile = path.join(dir, 'src/ws/authorize.ts');
  const authorize = fs.readFileSync(authorizeFile, 'utf8');
  const allowAll = "  return user.id !== '' && channel !== '' && (action === 'subscribe' || action === 'publish');";
  if (!authorize.includes(allowAll)) throw new Error(`the seeded authorize() changed:\n${authorize}`);
  fs.writeFileSync(
    authorizeFile,
    authorize.replace(
      allowAll,
      [
        "  if (channel.startsWith('private:')) return channel === `private:${user.id}`;",
        "  if (channel.startsWith('announcements:')) return action === 'subscribe';",
        allowAll,
      ].join('\n'),
    ),
  );

  linkDeclaredDeps(dir);
  const [cmd, ...args] = tscArgv(dir, '-p', 'tsconfig.build.json');
  const build = await run(cmd!, args, { cwd: dir, timeoutMs: 120_000 });
  if (build.exitCode !== 0) throw new Error(`tsc build of the scaffolded app failed:\n${describeRun(build)}`);
  return { dir, serverJs: path.join(dir, 'dist/ws/server.js'), secret: crypto.randomBytes(32).toString('base64url'), files };
}

interface Reply {
  id?: number;
  ok?: boolean;
  result?: unknown;
  error?: string;
  ready?: boolean;
  port?: number;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** The generated server in its own process. */
export class ServerProcess {
  port = 0;
  output = '';
  readonly exited: Promise<Exit>;
  exit: Exit | null = null;
  private lastId = 0;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  private constructor(readonly child: ChildProcess) {
    child.stdout!.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (this.output += d.toString()));
    this.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        this.exit = { code, signal };
        for (const { reject } of this.pending.values()) reject(new Error(`the server process exited (${code ?? signal})`));
        this.pending.clear();
        resolve(this.exit);
      });
    });
    child.on('message', (reply: Reply) => {
      if (reply.id === undefined) return;
      const waiter = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (reply.ok) waiter?.resolve(reply.result);
      else waiter?.reject(new Error(reply.error ?? 'failed'));
    });
  }

  static async start(app: TortureApp, env: Record<string, string>): Promise<ServerProcess> {
    const child = spawn(process.execPath, ['--expose-gc', HARNESS, app.serverJs], {
      cwd: app.dir,
      env: cleanEnv({ WS_JWT_SECRET: app.secret, ...env }),
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const server = new ServerProcess(child);
    const ready = new Promise<number>((resolve, reject) => {
      child.on('message', (reply: Reply) => {
        if (reply.ready === true && reply.port !== undefined) resolve(reply.port);
      });
      child.on('exit', () => reject(new Error(`the server process exited before it listened:\n${server.output}`)));
    });
    server.port = await within(ready, 'the server process to listen', 30_000);
    return server;
  }

  call<T = unknown>(command: string, args: Record<string, unknown> = {}, ms = 60_000): Promise<T> {
    this.lastId += 1;
    const id = this.lastId;
    const reply = new Promise<unknown>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ id, command, args });
    });
    return within(reply, `the server process to answer ${command}`, ms) as Promise<T>;
  }

  stats(): Promise<Stats> {
    return this.call<Stats>('stats');
  }

  kill(): void {
    if (this.exit === null) this.child.kill('SIGKILL');
  }
}

export interface Stats {
  connections: number;
  users: number;
  channels: number;
  messagesIn: number;
  messagesOut: number;
  rateLimited: number;
  drops: Record<string, number>;
}

export interface Heap {
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  rss: number;
}

export const MiB = 1024 * 1024;
