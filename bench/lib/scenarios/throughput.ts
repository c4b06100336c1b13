// Echo (request/ack), room fan-out (saturated and paced, on the same room) and cross-node fan-out.
import type { RunningVariant } from '../servers.js';
import { runRounds } from './rounds.js';
import type { Phase } from './rounds.js';
import type { Harness, ScenarioResult } from './types.js';

/**
 * Room members are 10 connections per user (tabs, devices): deliveries are per connection either way, and
 * it keeps the setup's presence traffic (every user's join goes to every member: quadratic) short.
 */
export const CONNECTIONS_PER_USER = 10;

/** What the generated server's defaults would refuse in these scenarios, raised just past it. */
export function throughputEnv(h: Harness, connections: number): Record<string, string> {
  const limits = (h.ctx.app.config.limits ?? {}) as Record<string, number>;
  const env: Record<string, string> = {
    // Every bench client connects from 127.0.0.1 within seconds (default: 60 per IP per minute).
    WS_HANDSHAKE_RATE: '1000000',
    // Closed-loop clients and a saturating publisher send as fast as acks come back (default 50/s, burst 100).
    // The limiter stays on: its cost per message is paid, it just never refuses.
    WS_MESSAGE_RATE: '1000000',
    WS_MESSAGE_BURST: '1000000',
  };
  if (connections > (limits.maxConnections ?? 10_000)) env.WS_MAX_CONNECTIONS = String(connections);
  return env;
}

const single = (rv: RunningVariant) => ({ urls: [rv.urls[0]], publisherUrl: rv.urls[0] });

export async function echoScenarios(h: Harness): Promise<ScenarioResult[]> {
  const { echo, payloadBytes } = h.plan;
  const results: ScenarioResult[] = [];
  for (const clients of echo.clients) {
    h.log(`echo, ${clients} clients`);
    const args = { durationMs: echo.durationMs, maxPerClient: echo.maxPerClient, payloadBytes };
    results.push(
      ...(await runRounds(h, {
        name: `echo-${clients}`,
        group: 'echo',
        variants: ['generated', 'raw', 'socketio'],
        baseline: 'raw',
        env: throughputEnv(h, clients),
        prepare: (rv) => ({ kind: 'clients', clients, userPrefix: `echo${clients}`, ...single(rv) }),
        phases: [
          {
            id: `echo-${clients}`,
            title: `echo (request/ack), ${clients} clients`,
            params: { clients, ...args, loop: 'closed, 1 in flight per client' },
            cmd: 'echo',
            args,
            warmupArgs: h.plan.warmup ? { durationMs: Math.ceil(echo.durationMs / 2) } : null,
          },
        ],
      })),
    );
  }
  return results;
}

function fanoutPhases(h: Harness, prefix: string, recipients: number, paced: boolean): Phase[] {
  const { fanout, payloadBytes } = h.plan;
  const ratePerSec = Math.max(1, Math.round(fanout.pacedDeliveriesPerSec / recipients));
  const saturated = { durationMs: fanout.durationMs, maxMessages: fanout.maxMessages, window: fanout.window, payloadBytes };
  const phases: Phase[] = [
    {
      id: `${prefix}-${recipients}-saturated`,
      title: `room fan-out 1 -> ${recipients}, saturated (${fanout.window} messages in flight)`,
      params: { recipients, connectionsPerUser: CONNECTIONS_PER_USER, ...saturated },
      cmd: 'fanout',
      args: saturated,
      warmupArgs: h.plan.warmup ? { durationMs: Math.ceil(fanout.durationMs / 3) } : null,
    },
  ];
  if (paced) {
    const args = { durationMs: fanout.pacedDurationMs, maxMessages: fanout.pacedMaxMessages, ratePerSec, payloadBytes };
    phases.push({
      id: `${prefix}-${recipients}-paced`,
      title: `room fan-out 1 -> ${recipients}, paced (${ratePerSec} msg/s = ${ratePerSec * recipients} deliveries/s)`,
      params: { recipients, connectionsPerUser: CONNECTIONS_PER_USER, ...args },
      cmd: 'fanout',
      args,
      warmupArgs: null,
    });
  }
  return phases;
}

export async function fanoutScenarios(h: Harness): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  for (const recipients of h.plan.fanout.recipients) {
    h.log(`fan-out 1 -> ${recipients}, saturated and paced`);
    results.push(
      ...(await runRounds(h, {
        name: `fanout-${recipients}`,
        group: 'fanout',
        variants: ['generated', 'raw', 'socketio'],
        baseline: 'raw',
        env: throughputEnv(h, recipients + 1),
        prepare: (rv) => ({
          kind: 'room',
          clients: recipients,
          connectionsPerUser: CONNECTIONS_PER_USER,
          userPrefix: `fan${recipients}`,
          channel: `bench.fanout.${recipients}`,
          ...single(rv),
        }),
        phases: fanoutPhases(h, 'fanout', recipients, true),
      })),
    );
  }
  return results;
}

export async function crossNodeScenario(h: Harness): Promise<ScenarioResult[]> {
  const recipients = h.plan.crossNode.recipients;
  h.log(`cross-node fan-out 1 -> ${recipients} through Redis`);
  // Paced too: CPU per delivery depends on the rate (on loopback, waking the receiver is charged to the
  // sender), and a saturated single node runs several times faster than two nodes through Redis.
  const phases = fanoutPhases(h, 'cross-node', recipients, true).map((p) => ({
    ...p,
    title: `${p.title.replace('room fan-out', 'fan-out')} across nodes through Redis`,
    params: { ...p.params, split: 'subscribers alternate between the nodes; the publisher is on node 1; CPU of every node summed' },
  }));
  return runRounds(h, {
    name: `cross-node-${recipients}`,
    group: 'cross-node',
    variants: ['generated', 'generated-redis-1', 'generated-redis-2'],
    baseline: 'generated',
    env: throughputEnv(h, recipients + 1),
    prepare: (rv) => ({
      kind: 'room',
      clients: recipients,
      connectionsPerUser: CONNECTIONS_PER_USER,
      userPrefix: 'xnode',
      channel: 'bench.xnode',
      urls: rv.urls,
      publisherUrl: rv.urls[0],
    }),
    phases,
  });
}
