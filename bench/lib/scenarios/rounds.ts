// The shape every throughput scenario shares: start each variant's servers, prepare its clients in the one
// load generator, then measured phases taking turns (A B C A B C ...), the servers' own CPU time read
// around each phase over the side channel.
import { VARIANTS, cpuMicros, startVariant, stopVariant } from '../servers.js';
import type { RunningVariant, VariantId } from '../servers.js';
import { range, sum } from '../stats.js';
import type { Harness, PhaseResult, RoundFigures, ScenarioResult, Summary } from './types.js';

/** One measured phase: each becomes its own scenario in the results. */
export interface Phase {
  id: string;
  title: string;
  params: Record<string, unknown>;
  cmd: 'echo' | 'fanout';
  args: Record<string, unknown>;
  /** Arguments of an unrecorded phase run once per variant before the rounds (null: none). */
  warmupArgs: Record<string, unknown> | null;
}

export interface RoundsSpec {
  group: ScenarioResult['group'];
  variants: VariantId[];
  baseline: VariantId;
  /** WS_* overrides for the generated server (printed with the results). */
  env: Record<string, string>;
  /** loadgen `prepare` arguments, without key/protocol. */
  prepare(rv: RunningVariant): Record<string, unknown>;
  /** Phases run on the same servers and clients, taking turns with the variants within each round. */
  phases: Phase[];
  /** For the progress log. */
  name: string;
}

export async function runRounds(h: Harness, spec: RoundsSpec): Promise<ScenarioResult[]> {
  const running: RunningVariant[] = [];
  const keys = new Map<VariantId, string>();
  const setupMs = new Map<VariantId, number>();
  const rounds = new Map<string, RoundFigures[]>();
  const slot = (phase: Phase, id: VariantId) => `${phase.id}:${id}`;
  try {
    for (const id of spec.variants) {
      const rv = await startVariant(h.ctx, VARIANTS[id], spec.env);
      running.push(rv);
      const key = `${spec.name}:${id}`;
      const prepared = await h.loadgen.request<{ setupMs: number }>('prepare', {
        key,
        protocol: rv.variant.protocol,
        ...spec.prepare(rv),
      });
      keys.set(id, key);
      setupMs.set(id, prepared.setupMs);
      for (const phase of spec.phases) {
        rounds.set(slot(phase, id), []);
        if (phase.warmupArgs !== null) await h.loadgen.request(phase.cmd, { key, ...phase.args, ...phase.warmupArgs });
      }
    }
    for (let round = 0; round < h.plan.rounds; round++) {
      for (const phase of spec.phases) {
        for (const rv of running) {
          const before = await cpuMicros(rv);
          const result = await h.loadgen.request<PhaseResult>(phase.cmd, { key: keys.get(rv.variant.id), ...phase.args });
          const cpuUs = (await cpuMicros(rv)) - before;
          rounds.get(slot(phase, rv.variant.id))!.push(figures(result, cpuUs));
        }
      }
      h.log(`  ${spec.name}: round ${round + 1}/${h.plan.rounds} done`);
    }
  } finally {
    for (const key of keys.values()) await h.loadgen.request('close', { key }).catch(() => {});
    await Promise.all(running.map(stopVariant));
  }
  return spec.phases.map((phase) => ({
    id: phase.id,
    group: spec.group,
    title: phase.title,
    params: phase.params,
    baseline: spec.baseline,
    variants: running.map((rv) => {
      const r = rounds.get(slot(phase, rv.variant.id)) ?? [];
      return { id: rv.variant.id, label: rv.variant.label, env: rv.env, setupMs: setupMs.get(rv.variant.id) ?? 0, rounds: r, summary: summarise(r) };
    }),
  }));
}

export function figures(r: PhaseResult, cpuUs: number): RoundFigures {
  return {
    expected: r.expected ?? r.sent ?? r.deliveries,
    deliveries: r.deliveries,
    lost: r.lost,
    faults: r.errors + (r.mismatched ?? 0) + (r.duplicates ?? 0) + (r.outOfOrder ?? 0),
    cpuUs,
    cpuPerDeliveryUs: r.deliveries > 0 ? cpuUs / r.deliveries : null,
    deliveriesPerSec: (r.deliveries * 1000) / r.elapsedMs,
    p50: r.latency.p50,
    p99: r.latency.p99,
    p99Last: r.lastLatency?.p99 ?? null,
  };
}

export function summarise(rounds: RoundFigures[]): Summary {
  return {
    cpuPerDeliveryUs: range(rounds.map((r) => r.cpuPerDeliveryUs)),
    deliveriesPerSec: range(rounds.map((r) => r.deliveriesPerSec)),
    p50: range(rounds.map((r) => r.p50)),
    p99: range(rounds.map((r) => r.p99)),
    p99Last: range(rounds.map((r) => r.p99Last)),
    expected: sum(rounds.map((r) => r.expected)),
    deliveries: sum(rounds.map((r) => r.deliveries)),
    lost: sum(rounds.map((r) => r.lost)),
    faults: sum(rounds.map((r) => r.faults)),
  };
}
