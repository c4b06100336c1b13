// The server variants and their processes. Each node is its own process, forked with --expose-gc and asked
// for its CPU time and memory over the IPC side channel (never over the sockets being measured).
import { Child } from './child.js';
import { benchEnv } from './exec.js';
import type { GeneratedApp } from './generated-app.js';
import { script } from './paths.js';

export type VariantId = 'generated' | 'raw' | 'socketio' | 'generated-redis-1' | 'generated-redis-2';

export interface Variant {
  id: VariantId;
  label: string;
  protocol: 'ws' | 'sio';
  nodes: number;
  kind: 'generated' | 'raw' | 'socketio';
  redis: boolean;
}

export const VARIANTS: Record<VariantId, Variant> = {
  generated: { id: 'generated', label: 'generated', protocol: 'ws', nodes: 1, kind: 'generated', redis: false },
  raw: { id: 'raw', label: 'raw ws', protocol: 'ws', nodes: 1, kind: 'raw', redis: false },
  socketio: { id: 'socketio', label: 'Socket.IO', protocol: 'sio', nodes: 1, kind: 'socketio', redis: false },
  'generated-redis-1': { id: 'generated-redis-1', label: 'generated + Redis, 1 node', protocol: 'ws', nodes: 1, kind: 'generated', redis: true },
  'generated-redis-2': { id: 'generated-redis-2', label: 'generated + Redis, 2 nodes', protocol: 'ws', nodes: 2, kind: 'generated', redis: true },
};

export interface ServerContext {
  secret: string;
  app: GeneratedApp;
  redisApp: GeneratedApp | null;
  redisUrl: string;
  /** The generated server's Redis prefix derives from its path: a unique path keeps this run's keys apart. */
  redisPath: string;
}

export interface RunningVariant {
  variant: Variant;
  nodes: Child[];
  urls: string[];
  /** The WS_* / REDIS_URL variables this variant ran with (printed with the results). */
  env: Record<string, string>;
}

const SCRIPTS = { generated: 'servers/generated-host.mjs', raw: 'servers/raw-ws.mjs', socketio: 'servers/socketio.mjs' } as const;

export async function startVariant(ctx: ServerContext, variant: Variant, overrides: Record<string, string>): Promise<RunningVariant> {
  const path = variant.redis ? ctx.redisPath : '/ws';
  const env: Record<string, string> = { WS_JWT_SECRET: ctx.secret };
  const hidden: Record<string, string> = { BENCH_WS_PATH: path };
  if (variant.kind === 'generated') {
    Object.assign(env, overrides);
    const app = variant.redis ? ctx.redisApp : ctx.app;
    if (app === null) throw new Error('BENCH: the Redis variant needs the app scaffolded with --redis');
    hidden.BENCH_GENERATED_MODULE = app.serverModule;
    if (variant.redis) env.REDIS_URL = ctx.redisUrl;
  }
  const nodes: Child[] = [];
  try {
    for (let i = 0; i < variant.nodes; i++) {
      nodes.push(
        await Child.start(`${variant.label} #${i + 1}`, script(SCRIPTS[variant.kind]), {
          env: benchEnv({ ...env, ...hidden }),
          // BENCH_CPU_PROF=<dir>: every server writes a V8 CPU profile there when it stops (open it in Chrome DevTools).
          execArgv: ['--expose-gc', ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [])],
          waitReady: true,
        }),
      );
    }
  } catch (error) {
    await Promise.all(nodes.map((n) => n.stop()));
    throw error;
  }
  const urls = nodes.map((n) => (variant.protocol === 'sio' ? `ws://127.0.0.1:${n.port}` : `ws://127.0.0.1:${n.port}${path}`));
  const shown = { ...env };
  if (shown.WS_JWT_SECRET) shown.WS_JWT_SECRET = '<random 32 bytes>';
  return { variant, nodes, urls, env: shown };
}

/** CPU time (user + system, µs) of every node of the variant, summed. */
export async function cpuMicros(rv: RunningVariant): Promise<number> {
  const all = await Promise.all(rv.nodes.map((n) => n.request<{ user: number; system: number }>('cpu')));
  return all.reduce((sum, u) => sum + u.user + u.system, 0);
}

export interface Memory {
  heapUsed: number;
  rss: number;
  external: number;
}

/** Memory of the first node after full garbage collections. */
export async function memoryOf(rv: RunningVariant): Promise<Memory> {
  const m = await rv.nodes[0]!.request<Memory>('mem');
  return { heapUsed: m.heapUsed, rss: m.rss, external: m.external };
}

export async function stopVariant(rv: RunningVariant): Promise<void> {
  await Promise.all(rv.nodes.map((n) => n.stop()));
}
