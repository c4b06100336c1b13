// The three sizes of a run. Durations are per measured phase; a count (maxPerClient, maxMessages) ends a
// phase early, which makes the tiny mode exact: the test knows how many messages must arrive.

export type Mode = 'full' | 'quick' | 'tiny';

export const SCENARIOS = ['echo', 'fanout', 'idle', 'cross-node', 'flood', 'cli'] as const;
export type ScenarioId = (typeof SCENARIOS)[number];

export interface Plan {
  mode: Mode;
  /** Measured rounds per scenario; variants take turns within each round (A B C A B C ...). */
  rounds: number;
  /** An unrecorded phase per variant before the rounds (JIT, buffers, pools). */
  warmup: boolean;
  payloadBytes: number;
  echo: { clients: number[]; durationMs: number; maxPerClient: number };
  fanout: {
    recipients: number[];
    durationMs: number;
    maxMessages: number;
    /** Messages not yet received by every recipient, when saturated. */
    window: number;
    /** Paced phases publish at this many deliveries per second in total (messages/s = this / recipients). */
    pacedDeliveriesPerSec: number;
    pacedDurationMs: number;
    pacedMaxMessages: number;
  };
  idle: { connections: number; rounds: number };
  /** Cross-node phases use the fan-out settings (saturated and paced). */
  crossNode: { recipients: number };
  flood: { clients: number; intervalMs: number; durationMs: number; maxPerClient: number; rounds: number };
  cli: { sizes: number[]; repeats: number };
}

export function planFor(mode: Mode): Plan {
  switch (mode) {
    case 'full':
      return {
        mode,
        rounds: 5,
        warmup: true,
        payloadBytes: 64,
        echo: { clients: [100, 1000], durationMs: 2000, maxPerClient: 0 },
        fanout: {
          recipients: [100, 1000],
          durationMs: 2000,
          maxMessages: 0,
          window: 8,
          pacedDeliveriesPerSec: 10_000,
          pacedDurationMs: 2000,
          pacedMaxMessages: 0,
        },
        idle: { connections: 10_000, rounds: 3 },
        crossNode: { recipients: 100 },
        flood: { clients: 10, intervalMs: 25, durationMs: 2000, maxPerClient: 0, rounds: 5 },
        cli: { sizes: [100, 1000, 5000], repeats: 5 },
      };
    case 'quick':
      return {
        mode,
        rounds: 3,
        warmup: true,
        payloadBytes: 64,
        echo: { clients: [100, 1000], durationMs: 400, maxPerClient: 0 },
        fanout: {
          recipients: [100, 1000],
          durationMs: 400,
          maxMessages: 0,
          window: 8,
          pacedDeliveriesPerSec: 10_000,
          pacedDurationMs: 600,
          pacedMaxMessages: 0,
        },
        idle: { connections: 1000, rounds: 2 },
        crossNode: { recipients: 100 },
        flood: { clients: 10, intervalMs: 25, durationMs: 600, maxPerClient: 0, rounds: 2 },
        cli: { sizes: [100, 1000, 5000], repeats: 3 },
      };
    case 'tiny':
      // A few hundred messages per scenario, ended by counts (the durations are only upper bounds).
      return {
        mode,
        rounds: 1,
        warmup: false,
        payloadBytes: 16,
        echo: { clients: [10], durationMs: 30_000, maxPerClient: 20 },
        fanout: {
          recipients: [20],
          durationMs: 30_000,
          maxMessages: 10,
          window: 4,
          pacedDeliveriesPerSec: 1000,
          pacedDurationMs: 30_000,
          pacedMaxMessages: 5,
        },
        idle: { connections: 20, rounds: 1 },
        crossNode: { recipients: 10 },
        flood: { clients: 2, intervalMs: 25, durationMs: 30_000, maxPerClient: 10, rounds: 1 },
        cli: { sizes: [20, 60], repeats: 1 },
      };
  }
}
