// A well-behaved client's latency while another client floods, against the same without the flood. The
// generated server runs at its default limits here (message rate, burst, handshakes per IP): they are what
// protects the others. The flooder is its own process, so its busy loop never delays the load generator.
import { VARIANTS, startVariant, stopVariant } from '../servers.js';
import type { RunningVariant, VariantId } from '../servers.js';
import { range, ratio } from '../stats.js';
import type { Range } from '../stats.js';
import type { Harness, PhaseResult } from './types.js';

export interface FloodCounts {
  sent: number;
  answered: number;
  refusedReplies: number;
  connections: number;
  closes: number;
  refusedHandshakes: number;
}

export interface FloodRound {
  quiet: { p50: number | null; p99: number | null; lost: number; faults: number; expected: number };
  flooded: { p50: number | null; p99: number | null; lost: number; faults: number; expected: number };
  flood: FloodCounts & { ms: number };
}

export interface FloodResult {
  id: 'flood';
  title: string;
  params: Record<string, unknown>;
  baseline: VariantId;
  variants: {
    id: VariantId;
    label: string;
    env: Record<string, string>;
    rounds: FloodRound[];
    summary: {
      quietP50: Range;
      quietP99: Range;
      floodedP50: Range;
      floodedP99: Range;
      /** Flooded p99 / quiet p99, per round. */
      slowdown: Range;
      /** Flood messages the server answered per second. */
      floodServedPerSec: Range;
      lost: number;
      faults: number;
    };
  }[];
}

const FLOOD_LEAD_MS = 200;

export async function floodScenario(h: Harness): Promise<FloodResult> {
  const { clients, intervalMs, durationMs, maxPerClient, rounds: floodRounds } = h.plan.flood;
  h.log(`latency under a flooding client (${clients} well-behaved clients, one request each per ${intervalMs} ms)`);
  const ids: VariantId[] = ['generated', 'raw', 'socketio'];
  const running: RunningVariant[] = [];
  const rounds = new Map<VariantId, FloodRound[]>(ids.map((id) => [id, []]));
  const args = { durationMs, intervalMs, maxPerClient, payloadBytes: h.plan.payloadBytes };
  const phase = (r: PhaseResult) => ({
    p50: r.latency.p50,
    p99: r.latency.p99,
    lost: r.lost,
    faults: r.errors + (r.mismatched ?? 0),
    expected: r.sent ?? r.deliveries,
  });
  try {
    for (const id of ids) {
      const rv = await startVariant(h.ctx, VARIANTS[id], {}); // defaults: no limit raised
      running.push(rv);
      await h.loadgen.request('prepare', { key: `flood:${id}`, kind: 'clients', protocol: rv.variant.protocol, clients, urls: rv.urls, userPrefix: 'polite' });
    }
    for (let round = 0; round < h.plan.flood.rounds; round++) {
      for (const rv of running) {
        const key = `flood:${rv.variant.id}`;
        const quiet = await h.loadgen.request<PhaseResult>('echo', { key, ...args });
        const started = performance.now();
        await h.flooder.request('start', { protocol: rv.variant.protocol, url: rv.urls[0], userId: 'flooder' });
        await new Promise((resolve) => setTimeout(resolve, FLOOD_LEAD_MS));
        const flooded = await h.loadgen.request<PhaseResult>('echo', { key, ...args });
        const counts = await h.flooder.request<FloodCounts>('stop');
        rounds.get(rv.variant.id)!.push({ quiet: phase(quiet), flooded: phase(flooded), flood: { ...counts, ms: performance.now() - started } });
      }
      h.log(`  flood: round ${round + 1}/${h.plan.flood.rounds} done`);
    }
  } finally {
    for (const id of ids) await h.loadgen.request('close', { key: `flood:${id}` }).catch(() => {});
    await Promise.all(running.map(stopVariant));
  }
  return {
    id: 'flood',
    title: `latency of well-behaved clients while one client floods (generated server at its default limits)`,
    params: { ...args, clients, rounds: floodRounds, floodLeadMs: FLOOD_LEAD_MS },
    baseline: 'raw',
    variants: running.map((rv) => {
      const r = rounds.get(rv.variant.id)!;
      return {
        id: rv.variant.id,
        label: rv.variant.label,
        env: rv.env,
        rounds: r,
        summary: {
          quietP50: range(r.map((x) => x.quiet.p50)),
          quietP99: range(r.map((x) => x.quiet.p99)),
          floodedP50: range(r.map((x) => x.flooded.p50)),
          floodedP99: range(r.map((x) => x.flooded.p99)),
          slowdown: range(r.map((x) => ratio(x.flooded.p99, x.quiet.p99))),
          floodServedPerSec: range(r.map((x) => (x.flood.answered * 1000) / x.flood.ms)),
          lost: r.reduce((s, x) => s + x.quiet.lost + x.flooded.lost, 0),
          faults: r.reduce((s, x) => s + x.quiet.faults + x.flooded.faults, 0),
        },
      };
    }),
  };
}
