// One bench run: scaffold the generated apps, start the load generator and the flooder, run the selected
// scenarios, clean up (processes, temp dirs, this run's Redis keys), and return every figure.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Child } from './child.js';
import { cliScaling } from './cli-scaling.js';
import { benchEnv } from './exec.js';
import { scaffoldGeneratedApp } from './generated-app.js';
import { ROOT, script } from './paths.js';
import { SCENARIOS, planFor } from './plan.js';
import type { Mode, ScenarioId } from './plan.js';
import type { BenchResult, Machine } from './result.js';
import { crossNodeScenario, echoScenarios, fanoutScenarios } from './scenarios/throughput.js';
import { floodScenario } from './scenarios/flood.js';
import { idleScenario } from './scenarios/idle.js';
import type { Harness, ScenarioResult } from './scenarios/types.js';
import type { ServerContext } from './servers.js';
import { targetsOf } from './targets.js';

export interface BenchOptions {
  mode: Mode;
  only?: ScenarioId[];
  rounds?: number;
  redisUrl?: string;
  log?: (message: string) => void;
  keepTemp?: boolean;
}

const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export async function runBench(opts: BenchOptions): Promise<BenchResult> {
  const started = performance.now();
  const log = opts.log ?? (() => {});
  const plan = planFor(opts.mode);
  if (opts.rounds !== undefined) {
    plan.rounds = opts.rounds;
    plan.flood.rounds = opts.rounds;
  }
  const selected = new Set<ScenarioId>(opts.only ?? SCENARIOS);
  const wantsServers = [...selected].some((s) => s !== 'cli');
  const redisUrl = opts.redisUrl ?? process.env.BENCH_REDIS_URL ?? DEFAULT_REDIS_URL;
  const loadAvgStart = os.loadavg();
  const tmpRoot = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'cws-bench-')));
  const runId = randomBytes(4).toString('hex');
  const redisPath = `/bench-${runId}`;
  const secret = randomBytes(32).toString('base64url');
  const children: Child[] = [];
  const scenarios: ScenarioResult[] = [];
  let idle: BenchResult['idle'] = null;
  let flood: BenchResult['flood'] = null;
  let cli: BenchResult['cli'] = null;
  let generatedLimits: Record<string, unknown> = {};

  try {
    if (selected.has('cross-node')) await checkRedis(redisUrl);
    if (wantsServers) {
      log('scaffolding the generated server(s) with the built CLI and compiling them');
      const [app, redisApp] = await Promise.all([
        scaffoldGeneratedApp(tmpRoot, false),
        selected.has('cross-node') ? scaffoldGeneratedApp(tmpRoot, true) : Promise.resolve(null),
      ]);
      generatedLimits = (app.config.limits ?? {}) as Record<string, unknown>;
      const ctx: ServerContext = { secret, app, redisApp, redisUrl, redisPath };
      const env = benchEnv({ BENCH_JWT_SECRET: secret });
      const loadgen = await Child.start('load generator', script('loadgen/loadgen.mjs'), { env });
      children.push(loadgen);
      const flooder = await Child.start('flooder', script('loadgen/flooder.mjs'), { env });
      children.push(flooder);
      const h: Harness = { plan, loadgen, flooder, ctx, log };
      if (selected.has('echo')) scenarios.push(...(await echoScenarios(h)));
      if (selected.has('fanout')) scenarios.push(...(await fanoutScenarios(h)));
      if (selected.has('idle')) idle = await idleScenario(h);
      if (selected.has('cross-node')) scenarios.push(...(await crossNodeScenario(h)));
      if (selected.has('flood')) flood = await floodScenario(h);
    }
    if (selected.has('cli')) cli = await cliScaling(tmpRoot, plan.cli.sizes, plan.cli.repeats, log);
  } finally {
    for (const child of children) await child.stop(null);
    if (selected.has('cross-node')) await deleteRedisKeys(redisUrl, `ws-server:${redisPath}:*`).catch(() => {});
    if (!opts.keepTemp) fs.rmSync(tmpRoot, { recursive: true, force: true });
  }

  const machine: Machine = {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    loadAvgStart,
    loadAvgEnd: os.loadavg(),
  };
  const partial = {
    schema: 'create-ws-server.bench.v1' as const,
    date: new Date().toISOString(),
    mode: opts.mode,
    commit: gitCommit(),
    durationMs: performance.now() - started,
    machine,
    config: { generatedLimits, redisPath: selected.has('cross-node') ? redisPath : null, notes: notes(plan.mode) },
    scenarios,
    idle,
    flood,
    cli,
  };
  let lost = 0;
  let faults = 0;
  for (const s of scenarios) for (const v of s.variants) {
    lost += v.summary.lost;
    faults += v.summary.faults;
  }
  for (const v of idle?.variants ?? []) lost += v.summary.lost;
  for (const v of flood?.variants ?? []) {
    lost += v.summary.lost;
    faults += v.summary.faults;
  }
  return { ...partial, targets: targetsOf(partial), lost, faults };
}

function notes(mode: Mode): string[] {
  return [
    'Auth is on for every variant: each client presents its own HS256 JWT (one user per connection), verified with jose before the connection is accepted (Socket.IO: in a middleware, on its CONNECT packet).',
    'The generated server is scaffolded fresh from tests/fixtures/express5-ts-esm by the built CLI (`init --yes --no-install`), compiled with the app\'s own tsc, and hosted on a plain http.Server; raw ws and Socket.IO are bench/servers/*.mjs. Each server is its own process on 127.0.0.1.',
    'WS_HANDSHAKE_RATE is raised because every client connects from 127.0.0.1; WS_MESSAGE_RATE/WS_MESSAGE_BURST are raised where clients send faster than the default 50/s (the limiter still runs); WS_MAX_CONNECTIONS only where a scenario needs more than the default. The flood scenario runs the generated server at its defaults.',
    'The load generator speaks Socket.IO at the wire level over the same `ws` client the other variants use, so that its own cost per message is alike for every variant.',
    'Server CPU per delivery falls as the rate rises (on loopback, waking an idle receiver is charged to the writer, and busy loops batch): compare variants on the paced rows, where every variant carries the same load; saturated rows also reflect how far each one batches.',
    'Cross-node: the Redis at REDIS_URL (default 127.0.0.1:6379) with a per-run key prefix; Redis\'s own CPU is not counted.',
    ...(mode === 'full' ? [] : [`${mode} mode: short phases and few rounds; take the figures as indications, not results.`]),
  ];
}

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

async function checkRedis(url: string): Promise<void> {
  const { Redis } = await import('ioredis');
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 2000, retryStrategy: () => null });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw new Error(
      `BENCH_REDIS: no Redis at ${url} (${(error as Error).message}). Start redis-server, set BENCH_REDIS_URL, ` +
        'or leave the cross-node scenario out with --only.',
    );
  } finally {
    client.disconnect();
  }
}

async function deleteRedisKeys(url: string, pattern: string): Promise<void> {
  const { Redis } = await import('ioredis');
  const client = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 2000 });
  client.on('error', () => {});
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      if (keys.length > 0) await client.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
}
