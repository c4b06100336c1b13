// Idle connections: heap and RSS per connection. A fresh server process per round and variant (RSS never
// shrinks back after a round), memory read after full GCs before and after the clients connect.
import fs from 'node:fs';
import { VARIANTS, memoryOf, startVariant, stopVariant } from '../servers.js';
import type { VariantId } from '../servers.js';
import { range } from '../stats.js';
import type { Range } from '../stats.js';
import type { Harness } from './types.js';

export interface IdleRound {
  connections: number;
  connected: number;
  heapPerConnection: number;
  rssPerConnection: number;
  externalPerConnection: number;
  connectMs: number;
}

export interface IdleResult {
  id: 'idle';
  title: string;
  params: Record<string, unknown>;
  baseline: VariantId;
  variants: {
    id: VariantId;
    label: string;
    env: Record<string, string>;
    rounds: IdleRound[];
    summary: { heapPerConnection: Range; rssPerConnection: Range; connectPerSec: Range; lost: number };
  }[];
}

const SETTLE_MS = 300;

/** The soft limit on open files (Linux: /proc/self/limits); null when unknown. Children inherit it. */
function openFilesLimit(): number | null {
  try {
    const m = /^Max open files\s+(\d+)/m.exec(fs.readFileSync('/proc/self/limits', 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

export async function idleScenario(h: Harness): Promise<IdleResult> {
  const n = h.plan.idle.connections;
  const limit = openFilesLimit();
  if (limit !== null && limit < n + 512) {
    throw new Error(
      `BENCH_ULIMIT: ${n} idle connections need about ${n + 512} open files per process, the limit is ${limit}. ` +
        'Raise it (`ulimit -n 20000`) in the shell that runs the bench, or leave idle out with --only.',
    );
  }
  h.log(`idle connections: ${n}`);
  const limits = (h.ctx.app.config.limits ?? {}) as Record<string, number>;
  const env: Record<string, string> = { WS_HANDSHAKE_RATE: '1000000' };
  if (n > (limits.maxConnections ?? 10_000)) env.WS_MAX_CONNECTIONS = String(n);
  const ids: VariantId[] = ['generated', 'raw', 'socketio'];
  const rounds = new Map<VariantId, IdleRound[]>(ids.map((id) => [id, []]));
  const envs = new Map<VariantId, Record<string, string>>();
  for (let round = 0; round < h.plan.idle.rounds; round++) {
    for (const id of ids) {
      const rv = await startVariant(h.ctx, VARIANTS[id], env);
      envs.set(id, rv.env);
      const key = `idle:${id}:${round}`;
      try {
        // One connection first, so that what loads on first use (jose, in the generated server) is in the baseline.
        await h.loadgen.request('prepare', { key: `${key}:warm`, kind: 'clients', protocol: rv.variant.protocol, clients: 1, urls: rv.urls, userPrefix: 'warm' });
        await h.loadgen.request('close', { key: `${key}:warm` });
        const before = await memoryOf(rv);
        const prepared = await h.loadgen.request<{ connected: number; setupMs: number }>('prepare', {
          key,
          kind: 'clients',
          protocol: rv.variant.protocol,
          clients: n,
          urls: rv.urls,
          userPrefix: 'idle',
        });
        await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
        const after = await memoryOf(rv);
        rounds.get(id)!.push({
          connections: n,
          connected: prepared.connected,
          heapPerConnection: (after.heapUsed - before.heapUsed) / n,
          rssPerConnection: (after.rss - before.rss) / n,
          externalPerConnection: (after.external - before.external) / n,
          connectMs: prepared.setupMs,
        });
      } finally {
        await h.loadgen.request('close', { key }).catch(() => {});
        await stopVariant(rv);
      }
    }
    h.log(`  idle: round ${round + 1}/${h.plan.idle.rounds} done`);
  }
  return {
    id: 'idle',
    title: `idle connections (${n}, authenticated, no subscription)`,
    params: { connections: n, rounds: h.plan.idle.rounds, settleMs: SETTLE_MS },
    baseline: 'raw',
    variants: ids.map((id) => {
      const r = rounds.get(id)!;
      return {
        id,
        label: VARIANTS[id].label,
        env: envs.get(id) ?? {},
        rounds: r,
        summary: {
          heapPerConnection: range(r.map((x) => x.heapPerConnection)),
          rssPerConnection: range(r.map((x) => x.rssPerConnection)),
          connectPerSec: range(r.map((x) => (x.connected * 1000) / x.connectMs)),
          lost: r.reduce((s, x) => s + (x.connections - x.connected), 0),
        },
      };
    }),
  };
}
