import type { Child } from '../child.js';
import type { Plan } from '../plan.js';
import type { ServerContext, VariantId } from '../servers.js';
import type { Range } from '../stats.js';

export interface Harness {
  plan: Plan;
  loadgen: Child;
  flooder: Child;
  ctx: ServerContext;
  log(message: string): void;
}

export interface Latency {
  n: number;
  p50: number | null;
  p99: number | null;
  max: number | null;
}

/** What the load generator returns for one measured phase (echo and fanout share these fields). */
export interface PhaseResult {
  deliveries: number;
  lost: number;
  errors: number;
  elapsedMs: number;
  latency: Latency;
  sent?: number;
  mismatched?: number;
  messages?: number;
  expected?: number;
  duplicates?: number;
  outOfOrder?: number;
  strays?: number;
  lastLatency?: Latency;
}

export interface RoundFigures {
  /** Messages that had to arrive (echo replies, or messages x recipients). */
  expected: number;
  deliveries: number;
  lost: number;
  /** Error replies, wrong payloads, duplicates and out-of-order deliveries. */
  faults: number;
  cpuUs: number;
  cpuPerDeliveryUs: number | null;
  deliveriesPerSec: number;
  p50: number | null;
  p99: number | null;
  p99Last: number | null;
}

export interface Summary {
  cpuPerDeliveryUs: Range;
  deliveriesPerSec: Range;
  p50: Range;
  p99: Range;
  p99Last: Range;
  expected: number;
  deliveries: number;
  lost: number;
  faults: number;
}

export interface VariantResult {
  id: VariantId;
  label: string;
  env: Record<string, string>;
  setupMs: number;
  rounds: RoundFigures[];
  summary: Summary;
}

export interface ScenarioResult {
  id: string;
  group: 'echo' | 'fanout' | 'cross-node';
  title: string;
  params: Record<string, unknown>;
  /** Ratios are to this variant's medians. */
  baseline: VariantId;
  variants: VariantResult[];
}
