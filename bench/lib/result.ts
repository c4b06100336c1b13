import type { CliScalingResult } from './cli-scaling.js';
import type { Mode } from './plan.js';
import type { FloodResult } from './scenarios/flood.js';
import type { IdleResult } from './scenarios/idle.js';
import type { ScenarioResult } from './scenarios/types.js';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  loadAvgStart: number[];
  loadAvgEnd: number[];
}

export interface Target {
  name: string;
  value: number | null;
  limit: number;
  met: boolean | null;
  detail: string;
}

export interface BenchResult {
  schema: 'create-ws-server.bench.v1';
  date: string;
  mode: Mode;
  commit: string | null;
  durationMs: number;
  machine: Machine;
  config: {
    /** The limits in the generated ws-server.config.json (the generated server's defaults). */
    generatedLimits: Record<string, unknown>;
    redisPath: string | null;
    notes: string[];
  };
  scenarios: ScenarioResult[];
  idle: IdleResult | null;
  flood: FloodResult | null;
  cli: CliScalingResult | null;
  targets: Target[];
  /** Every scenario's lost messages and faults summed: must be 0. */
  lost: number;
  faults: number;
}
