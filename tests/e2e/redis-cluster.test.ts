// Many instances as one: a fixture app scaffolded with --redis, built, and run as separate processes on a real
// Redis. Two and three instances exchange messages exactly once and in order; presence agrees; a SIGKILLed
// instance drops out of presence within the documented expiry (3 heartbeat intervals). On a redis-server of
// this test's own (never the shared one): CLIENT KILL TYPE pubsub, then a full outage and restart. Finally a
// real nginx, configured with the block references/scaling.md documents, round-robins clients over two instances.

import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getFreePort, type RunningApp } from '../helpers/boot.js';
import { signToken } from '../helpers/jwt.js';
import { ROOT } from '../helpers/paths.js';
import { killGroup, run } from '../helpers/proc.js';
import { AppFleet, buildRedisApp, eventually, SHARED_REDIS } from '../helpers/redis-apps.js';
import { redisCli, startOwnRedis, type OwnRedis } from '../helpers/redis-server.js';
import { makeTempDir } from '../helpers/scaffold.js';
import { connectClient, type Envelope, type TestClient } from '../helpers/ws-client.js';

const HEARTBEAT_MS = 1000;
/** The documented expiry of a dead node's presence: 3 heartbeat intervals after its last refresh. */
const PRESENCE_EXPIRY_MS = 3 * HEARTBEAT_MS;
/** Slack for a loaded 2-core machine on top of every bound asserted here. */
const SLACK_MS = 2500;
/** How soon cross-node delivery must resume once Redis is back (ioredis retries at most every 2 s). */
const RESUME_BOUND_MS = 8000;

const runId = crypto.randomBytes(4).toString('hex');
const fleet = new AppFleet(
  `e2e-${crypto.randomBytes(24).toString('hex')}`,
  { WS_HEARTBEAT_MS: String(HEARTBEAT_MS), WS_HANDSHAKE_RATE: '0', WS_MESSAGE_RATE: '1000', WS_MESSAGE_BURST: '1000' },
  `e2e-${runId}-*`,
);
const startApp = (redisUrl: string, prefix: string) => fleet.start(redisUrl, prefix);
const connect = (url: string, user: string, tokenVia: 'header' | 'query' = 'header') => fleet.connect(url, user, tokenVia);

async function members(client: TestClient, channel: string): Promise<string[]> {
  const reply = await client.request({ type: 'subscribe', channel }, 5000);
  expect(reply.type, JSON.stringify(reply)).toBe('ack');
  return reply.payload.members as string[];
}

const isMsg = (payload: unknown) => (m: Envelope) => m.type === 'message' && JSON.stringify(m.payload) === JSON.stringify(payload);

async function crossNodeWithin(from: TestClient, to: TestClient, channel: string, boundMs: number): Promise<number> {
  const tag = crypto.randomBytes(3).toString('hex');
  let n = 0;
  const { ms } = await eventually(`a message from one node to the other on ${channel}`, boundMs, async () => {
    from.send({ type: 'publish', channel, payload: { probe: tag, n: n++ } });
    await new Promise((r) => setTimeout(r, 200));
    return to.messages.some((m) => m.type === 'message' && m.payload?.probe === tag) ? true : undefined;
  });
  return ms;
}

function killApp(app: RunningApp, signal: NodeJS.Signals): void {
  killGroup(app.pid, signal);
}

beforeAll(async () => {
  fleet.appDir = await buildRedisApp(['--redis']);
}, 180_000);

afterAll(() => fleet.close(), 60_000);

describe('instances as separate processes on the shared Redis', { timeout: 90_000 }, () => {
  const prefix = `e2e-${runId}-shared:`;
  const nodes: RunningApp[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 3; i++) nodes.push(await startApp(SHARED_REDIS, prefix));
  }, 90_000);

  for (const count of [2, 3]) {
    it(`${count} instances: every message reaches every other member exactly once, in per-publisher order; presence agrees`, async () => {
      const channel = `room.${count}.${runId}`;
      // One publishing user per instance, and a listener on the first instance next to its publisher.
      const publishers = await Promise.all(nodes.slice(0, count).map((n, i) => connect(n.wsUrl('/ws'), `p${count}-${i}`)));
      const listener = await connect(nodes[0]!.wsUrl('/ws'), `listener${count}`);
      const everyone = [...publishers, listener];
      for (const c of everyone) await members(c, channel);
      const expected = everyone.map((c, i) => (i < count ? `p${count}-${i}` : `listener${count}`)).sort();
      for (const c of everyone) expect(await members(c, channel), 'members on every node').toEqual(expected);

      const PER_PUBLISHER = 40;
      for (let n = 0; n < PER_PUBLISHER; n++) {
        publishers.forEach((p, i) => p.send({ type: 'publish', channel, payload: { p: i, n } }));
      }
      const fromEach = (c: TestClient, i: number) => c.messages.filter((m) => m.type === 'message' && m.payload?.p === i).map((m) => m.payload.n as number);
      await eventually('every message everywhere', 20_000, async () =>
        everyone.every((c) => publishers.every((_, i) => c === publishers[i] || fromEach(c, i).length >= PER_PUBLISHER)) ? true : undefined,
      );
      await new Promise((r) => setTimeout(r, 300)); // a duplicate would have arrived by now
      const inOrder = Array.from({ length: PER_PUBLISHER }, (_, n) => n);
      everyone.forEach((c, ci) => {
        publishers.forEach((_, i) => {
          expect(fromEach(c, i), `client ${ci} from publisher ${i}`).toEqual(c === publishers[i] ? [] : inOrder);
        });
      });
      for (const app of nodes.slice(0, count)) expect(app.exitCode()).toBeNull();
    });
  }

  it('an instance killed with SIGKILL drops out of presence on the others within the documented expiry', async () => {
    const channel = `room.kill.${runId}`;
    const [a, b, victim] = await Promise.all([
      connect(nodes[0]!.wsUrl('/ws'), 'stays-a'),
      connect(nodes[1]!.wsUrl('/ws'), 'stays-b'),
      connect(nodes[2]!.wsUrl('/ws'), 'doomed'),
    ]);
    for (const c of [a, b, victim]) await members(c, channel);
    expect(await members(a, channel)).toEqual(['doomed', 'stays-a', 'stays-b']);

    killApp(nodes[2]!, 'SIGKILL');
    const killedAt = Date.now();
    await victim.waitClose(5000);
    const gone = async (c: TestClient) => ((await members(c, channel)).includes('doomed') ? undefined : true);
    await eventually('the dead instance to drop out on node 1', PRESENCE_EXPIRY_MS + SLACK_MS, () => gone(a));
    await eventually('the dead instance to drop out on node 2', PRESENCE_EXPIRY_MS + SLACK_MS, () => gone(b));
    const elapsed = Date.now() - killedAt;
    expect(elapsed).toBeLessThanOrEqual(PRESENCE_EXPIRY_MS + SLACK_MS);
    expect(await members(a, channel)).toEqual(['stays-a', 'stays-b']);
    expect(await members(b, channel)).toEqual(['stays-a', 'stays-b']);
    // Not before the expiry: a node that merely missed one refresh must not vanish (sanity of the bound's meaning).
    expect(elapsed).toBeGreaterThan(HEARTBEAT_MS);
    // The survivors still talk.
    await crossNodeWithin(a, b, channel, 5000);
  });
});

describe("Redis failures, on this test's own redis-server", { timeout: 90_000 }, () => {
  let redis: OwnRedis;
  let nodeA: RunningApp;
  let nodeB: RunningApp;
  const prefix = `e2e-${runId}-own:`;

  beforeAll(async () => {
    redis = await startOwnRedis();
    nodeA = await startApp(redis.url, prefix);
    nodeB = await startApp(redis.url, prefix);
  }, 60_000);

  afterAll(async () => {
    await redis?.stop();
  });

  it('CLIENT KILL TYPE pubsub: every node subscribes again to all its rooms by itself and delivery resumes', async () => {
    const rooms = ['k.one', 'k.two', 'k.three'].map((r) => `${r}.${runId}`);
    const a = await connect(nodeA.wsUrl('/ws'), 'kill-a');
    const b = await connect(nodeB.wsUrl('/ws'), 'kill-b');
    for (const room of rooms) {
      await members(a, room);
      await members(b, room);
    }
    for (const room of rooms) await crossNodeWithin(a, b, room, 5000);

    const killed = Number((await redisCli(redis.port, 'CLIENT', 'KILL', 'TYPE', 'pubsub')).trim());
    expect(killed, 'subscriber connections killed (one per node)').toBeGreaterThanOrEqual(2);
    for (const room of rooms) {
      const ms = await crossNodeWithin(a, b, room, RESUME_BOUND_MS);
      expect(ms).toBeLessThanOrEqual(RESUME_BOUND_MS);
      await crossNodeWithin(b, a, room, RESUME_BOUND_MS);
    }
    expect(nodeA.exitCode()).toBeNull();
    expect(nodeB.exitCode()).toBeNull();
  });

  it('outage: local delivery goes on, publishes fail fast with a logged error, no crash; delivery resumes after the restart', async () => {
    const room = `outage.${runId}`;
    const a1 = await connect(nodeA.wsUrl('/ws'), 'out-a1');
    const a2 = await connect(nodeA.wsUrl('/ws'), 'out-a2');
    const b1 = await connect(nodeB.wsUrl('/ws'), 'out-b1');
    for (const c of [a1, a2, b1]) await members(c, room);
    await crossNodeWithin(a1, b1, room, 5000);

    // Mid-stream: a1 keeps publishing while Redis goes away.
    let streaming = true;
    let sent = 0;
    const stream = (async () => {
      while (streaming) {
        a1.send({ type: 'publish', channel: room, payload: { stream: sent++ } });
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    await new Promise((r) => setTimeout(r, 300));
    await redis.stop('SIGKILL');
    await new Promise((r) => setTimeout(r, 1500));

    // Local delivery goes on, and the sender's acks come back at once (nothing waits for Redis).
    const started = Date.now();
    const reply = await a1.request({ type: 'publish', channel: room, payload: 'during the outage' }, 2000);
    expect(reply.type).toBe('ack');
    expect(Date.now() - started).toBeLessThan(1000);
    await a2.waitFor(isMsg('during the outage'), { what: 'local delivery during the outage' });
    // A room joined during the outage works locally too, and must be restored later.
    const lateRoom = `outage.late.${runId}`;
    const lateA = await connect(nodeA.wsUrl('/ws'), 'late-a');
    await members(lateA, lateRoom);
    streaming = false;
    await stream;
    const streamed = a2.messages.filter((m) => m.type === 'message' && typeof m.payload?.stream === 'number').map((m) => m.payload.stream as number);
    expect(streamed, 'a2 got every streamed message, in order, outage or not').toEqual(Array.from({ length: sent }, (_, i) => i));
    expect(nodeA.exitCode()).toBeNull();
    expect(nodeB.exitCode()).toBeNull();
    expect(nodeA.output()).toMatch(/redis (publisher|subscriber) connection error/);
    expect(nodeA.output()).toMatch(/could not publish to other nodes/);

    redis = await startOwnRedis(redis.port); // restarted empty on the same port
    const ms = await crossNodeWithin(a1, b1, room, RESUME_BOUND_MS);
    expect(ms).toBeLessThanOrEqual(RESUME_BOUND_MS);
    await crossNodeWithin(b1, a1, room, RESUME_BOUND_MS);
    const lateB = await connect(nodeB.wsUrl('/ws'), 'late-b');
    await members(lateB, lateRoom);
    await crossNodeWithin(lateB, lateA, lateRoom, RESUME_BOUND_MS);
    // Presence written again by each node after the empty restart.
    const { value } = await eventually('members restored on node B', RESUME_BOUND_MS, async () => {
      const list = await members(b1, room);
      return list.includes('out-a1') && list.includes('out-a2') ? list : undefined;
    });
    expect(value).toEqual(['out-a1', 'out-a2', 'out-b1']);
    expect(nodeA.exitCode()).toBeNull();
    expect(nodeB.exitCode()).toBeNull();
  });
});

describe('a real nginx in front (the block of references/scaling.md)', { timeout: 90_000 }, () => {
  let nginx: ChildProcess | null = null;
  let port = 0;
  let accessLog = '';
  let upstreams: RunningApp[] = [];

  beforeAll(async () => {
    const prefix = `e2e-${runId}-nginx:`;
    upstreams = [await startApp(SHARED_REDIS, prefix), await startApp(SHARED_REDIS, prefix)];
    const doc = fs.readFileSync(path.join(ROOT, 'references/scaling.md'), 'utf8');
    const block = /```nginx\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(block, 'an nginx block in references/scaling.md').toBeDefined();
    const dir = makeTempDir('nginx');
    port = await getFreePort();
    accessLog = path.join(dir, 'access.log');
    // Only what the doc tells users to replace: the upstream servers, the port and the log path.
    const http = block!
      .replace(/(upstream ws_backend \{[\s\S]*?)(\s*server 127\.0\.0\.1:\d+;)+/, (_m, head: string) => `${head}${upstreams.map((u) => `\n    server 127.0.0.1:${u.port};`).join('')}`)
      .replace('listen 80;', `listen 127.0.0.1:${port};`)
      .replace('logs/ws-access.log', accessLog);
    expect(http).toContain(`server 127.0.0.1:${upstreams[1]!.port};`);
    const conf = [
      `pid ${path.join(dir, 'nginx.pid')};`,
      `error_log ${path.join(dir, 'error.log')} warn;`,
      'worker_processes 1;',
      'events { worker_connections 256; }',
      'http {',
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${path.join(dir, `${t}_temp`)};`),
      http,
      '}',
    ].join('\n');
    fs.writeFileSync(path.join(dir, 'nginx.conf'), conf);
    nginx = spawn('nginx', ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log'), '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    nginx.stdout!.on('data', (d) => (out += String(d)));
    nginx.stderr!.on('data', (d) => (out += String(d)));
    await eventually(`nginx listening on ${port} (${out})`, 10_000, async () => {
      if (nginx!.exitCode !== null) throw new Error(`nginx exited ${nginx!.exitCode}: ${out}\n${conf}`);
      const res = await fetch(`http://127.0.0.1:${port}/ws`).catch(() => null);
      return res === null ? undefined : true;
    });
  }, 90_000);

  afterAll(async () => {
    if (nginx !== null && nginx.exitCode === null) {
      nginx.kill('SIGQUIT');
      await Promise.race([new Promise((r) => nginx!.once('exit', r)), new Promise((r) => setTimeout(r, 3000))]);
      if (nginx.exitCode === null) nginx.kill('SIGKILL');
    }
  });

  it('round-robins clients over two instances, which chat in one room; the ?token= stays out of its access log', async () => {
    const room = `nginx.${runId}`;
    const url = `ws://127.0.0.1:${port}/ws`;
    const tokens: string[] = [];
    const through: TestClient[] = [];
    for (const user of ['lb-alice', 'lb-bob']) {
      const token = await signToken({ sub: user, secret: fleet.secret });
      tokens.push(token);
      const client = await connectClient(url, { token, tokenVia: 'query' });
      fleet.clients.add(client);
      through.push(client);
    }
    const [alice, bob] = through as [TestClient, TestClient];
    await members(alice, room);
    expect(await members(bob, room)).toEqual(['lb-alice', 'lb-bob']);
    await alice.waitFor((m) => m.type === 'presence' && m.payload?.userId === 'lb-bob', { what: "bob's join" });
    await bob.request({ type: 'publish', channel: room, payload: 'hi alice' });
    await alice.waitFor(isMsg('hi alice'), { what: "bob's message" });
    await alice.request({ type: 'publish', channel: room, payload: 'hi bob' });
    await bob.waitFor(isMsg('hi bob'), { what: "alice's message" });

    // nginx logs a WebSocket request when it ends: close both, then read which upstream each one went to.
    await Promise.all(through.map((c) => c.close()));
    const { value: lines } = await eventually('two upgraded requests in the access log', 5000, async () => {
      const text = fs.existsSync(accessLog) ? fs.readFileSync(accessLog, 'utf8') : '';
      // 101 Switching Protocols: the two WebSockets (the readiness probe of beforeAll is a plain GET).
      const found = text.split('\n').filter((l) => /"GET \/ws HTTP\/1\.1" 101 /.test(l));
      return found.length >= 2 ? found : undefined;
    });
    const used = lines.map((l) => /upstream=(\S+)/.exec(l)?.[1]).sort();
    expect(used).toEqual(upstreams.map((u) => `127.0.0.1:${u.port}`).sort());
    const log = fs.readFileSync(accessLog, 'utf8');
    for (const token of tokens) expect(log).not.toContain(token);
    expect(log).not.toContain('token=');
  });
});
