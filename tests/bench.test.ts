// The bench harness in its tiny mode (a few hundred messages per scenario), so that it cannot rot: every
// message of every scenario must arrive, for every variant. It never asserts a speed.
import http from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { runBench } from '../bench/lib/bench.js';
import { Child } from '../bench/lib/child.js';
import { benchEnv } from '../bench/lib/exec.js';
import { script } from '../bench/lib/paths.js';
import { renderMarkdown } from '../bench/lib/report.js';
import type { BenchResult } from '../bench/lib/result.js';

describe('bench harness, tiny mode', () => {
  let result: BenchResult;

  it('runs every scenario and every message arrives', async () => {
    result = await runBench({ mode: 'tiny' });
    const ids = result.scenarios.map((s) => s.id);
    expect(ids).toEqual(['echo-10', 'fanout-20-saturated', 'fanout-20-paced', 'cross-node-10-saturated', 'cross-node-10-paced']);
    // What must arrive: echo 10 clients x 20 requests; fan-out 10 (paced: 5) messages x 20 recipients;
    // cross-node 10 (paced: 5) messages x 10 recipients.
    const expected: Record<string, number> = { 'echo-10': 200, 'fanout-20-saturated': 200, 'fanout-20-paced': 100, 'cross-node-10-saturated': 100, 'cross-node-10-paced': 50 };
    for (const s of result.scenarios) {
      expect(s.variants.map((v) => v.id)).toEqual(
        s.group === 'cross-node' ? ['generated', 'generated-redis-1', 'generated-redis-2'] : ['generated', 'raw', 'socketio'],
      );
      for (const v of s.variants) {
        expect(v.rounds, `${s.id} ${v.id}`).toHaveLength(1);
        for (const round of v.rounds) {
          expect({ scenario: s.id, variant: v.id, expected: round.expected, deliveries: round.deliveries, lost: round.lost, faults: round.faults }).toEqual({
            scenario: s.id,
            variant: v.id,
            expected: expected[s.id],
            deliveries: expected[s.id],
            lost: 0,
            faults: 0,
          });
          expect(round.cpuUs).toBeGreaterThan(0);
        }
      }
    }
    expect(result.idle!.variants.map((v) => [v.id, v.rounds.map((r) => r.connected)])).toEqual([
      ['generated', [20]],
      ['raw', [20]],
      ['socketio', [20]],
    ]);
    for (const v of result.flood!.variants) {
      for (const r of v.rounds) {
        expect([v.id, r.quiet.expected, r.quiet.lost, r.quiet.faults]).toEqual([v.id, 20, 0, 0]);
        expect([v.id, r.flooded.expected, r.flooded.lost, r.flooded.faults]).toEqual([v.id, 20, 0, 0]);
        expect(r.flood.sent).toBeGreaterThan(0);
      }
    }
    expect(result.cli!.sizes.map((s) => [s.files, s.runs.doctor.length, s.runs.init.length, s.runs.scan.length])).toEqual([
      [20, 1, 1, 1],
      [60, 1, 1, 1],
    ]);
    expect([result.lost, result.faults]).toEqual([0, 0]);
  }, 300_000);

  it('prints every table with its ratios and the configuration it ran with', () => {
    expect(result).toBeDefined();
    const md = renderMarkdown(result);
    for (const heading of ['## Echo', '## Room fan-out', '## Cross-node fan-out through Redis', '## idle connections', '## Flood', '## CLI cost', '## Targets']) {
      expect(md).toContain(heading);
    }
    expect(md).toContain('"WS_HANDSHAKE_RATE":"1000000"');
    expect(md).toContain('<random 32 bytes>');
    expect(md).not.toContain(' | n/a | n/a |'.repeat(3));
    expect(md).toMatch(/\| raw ws \| [\d.]+ \| 1\.00× \|/);
  });
});

describe('the load generator counts what did not arrive', () => {
  const servers: http.Server[] = [];
  afterAll(async () => {
    for (const s of servers) await new Promise((resolve) => s.close(resolve));
  });

  it('reports lost messages when a server drops some deliveries', async () => {
    // A server speaking just enough of the protocol, which drops every third broadcast.
    const server = http.createServer();
    servers.push(server);
    const wss = new WebSocketServer({ server });
    const members = new Set<import('ws').WebSocket>();
    let published = 0;
    wss.on('connection', (ws) => {
      ws.send(JSON.stringify({ type: 'welcome', payload: { connectionId: 'c', userId: 'u', protocol: 'ws-server.v1' } }));
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data)) as { type: string; channel: string; payload: unknown; correlationId: number };
        if (msg.type === 'subscribe') members.add(ws);
        if (msg.type === 'publish' && ++published % 3 !== 0) {
          const out = JSON.stringify({ type: 'message', channel: msg.channel, payload: msg.payload });
          for (const m of members) if (m !== ws) m.send(out);
        }
        ws.send(JSON.stringify({ type: 'ack', correlationId: msg.correlationId, payload: null }));
      });
      ws.on('close', () => members.delete(ws));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `ws://127.0.0.1:${(server.address() as { port: number }).port}/`;
    const loadgen = await Child.start('load generator', script('loadgen/loadgen.mjs'), {
      env: benchEnv({ BENCH_JWT_SECRET: 'x'.repeat(32) }),
    });
    try {
      await loadgen.request('prepare', { key: 'lossy', kind: 'room', protocol: 'ws', clients: 4, urls: [url], publisherUrl: url, userPrefix: 'u', channel: 'c' });
      const r = await loadgen.request<{ expected: number; deliveries: number; lost: number }>('fanout', {
        key: 'lossy',
        durationMs: 10_000,
        maxMessages: 9,
        ratePerSec: 200,
        drainMs: 500,
      });
      expect(r).toMatchObject({ expected: 36, deliveries: 24, lost: 12 });
    } finally {
      await loadgen.stop(null);
    }
  }, 60_000);
});
