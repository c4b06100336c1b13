// Several instances of one scaffolded app on Redis, for the multi-node e2e files: build the app once, boot it
// as processes with a shared secret and base environment, connect authenticated clients, and clean everything
// (clients, processes, own redis-servers, this run's keys on the shared Redis, temp dirs) in one call.
import { expect } from 'vitest';
import { bootApp, type RunningApp } from './boot.js';
import { tscArgv } from './fixtures.js';
import { signToken } from './jwt.js';
import { linkDeclaredDeps } from './link.js';
import { expectSuccess, run } from './proc.js';
import { killOwnRedisServers, redisCli } from './redis-server.js';
import { cleanupTempDirs, scaffoldFixture } from './scaffold.js';
import { connectClient, type TestClient } from './ws-client.js';

export const SHARED_REDIS = 'redis://127.0.0.1:6379';

/** Scaffolds express5-ts-esm with `initArgs`, links its declared deps and builds it; returns its folder. */
export async function buildRedisApp(initArgs: string[]): Promise<string> {
  const s = await scaffoldFixture('express5-ts-esm', initArgs);
  expect(s.exitCode, s.stderr).toBe(0);
  linkDeclaredDeps(s.dir);
  const [cmd, ...args] = tscArgv(s.dir, '-p', 'tsconfig.build.json');
  expectSuccess(await run(cmd!, args, { cwd: s.dir, timeoutMs: 120_000 }), 'tsc -p tsconfig.build.json');
  return s.dir;
}

export class AppFleet {
  readonly apps = new Set<RunningApp>();
  readonly clients = new Set<TestClient>();
  appDir = '';

  /** `keyPattern`: this run's keys on the shared Redis, deleted by close(). */
  constructor(
    readonly secret: string,
    private readonly env: Record<string, string>,
    private readonly keyPattern: string,
  ) {}

  async start(redisUrl: string, prefix: string): Promise<RunningApp> {
    const app = await bootApp({
      cwd: this.appDir,
      command: [process.execPath, 'dist/index.js'],
      env: { REDIS_URL: redisUrl, WS_REDIS_PREFIX: prefix, WS_JWT_SECRET: this.secret, ...this.env },
    });
    this.apps.add(app);
    return app;
  }

  /** An authenticated client as `user`, after its welcome. */
  async connect(url: string, user: string, tokenVia: 'header' | 'query' = 'header'): Promise<TestClient> {
    const client = await connectClient(url, { token: await signToken({ sub: user, secret: this.secret }), tokenVia });
    this.clients.add(client);
    await client.waitFor((m) => m.type === 'welcome', { what: 'welcome' });
    return client;
  }

  async close(): Promise<void> {
    for (const c of this.clients) c.terminate();
    await Promise.all([...this.apps].map((a) => a.stop()));
    killOwnRedisServers();
    const keys = (await redisCli(6379, '--scan', '--pattern', this.keyPattern)).split('\n').filter((k) => k !== '');
    if (keys.length > 0) await redisCli(6379, 'DEL', ...keys);
    cleanupTempDirs();
  }
}

/** Polls `probe` every 100 ms until it gives a value, or throws after `boundMs`; also says how long it took. */
export async function eventually<T>(what: string, boundMs: number, probe: () => Promise<T | undefined>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined) return { value, ms: Date.now() - started };
    if (Date.now() - started > boundMs) throw new Error(`${what}: not within ${boundMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
