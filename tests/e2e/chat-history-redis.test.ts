// The chat preset's history with several instances: a fixture app scaffolded with --redis --preset chat, built and
// run as two processes on the real Redis. Messages sent on node A come back as history to a client joining on
// node B (the newest WS_CHAT_HISTORY, oldest first) and the app's generated chat test passes in Redis mode. With
// the app's Redis gone (a redis-server of this test's own, killed): a chat message still reaches the room at
// once, the failed history write is logged, joining still works; once Redis is back, history is kept again.

import crypto from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../helpers/boot.js';
import { describeRun, run } from '../helpers/proc.js';
import { AppFleet, buildRedisApp, eventually, SHARED_REDIS } from '../helpers/redis-apps.js';
import { redisCli, startOwnRedis, type OwnRedis } from '../helpers/redis-server.js';
import type { Envelope, TestClient } from '../helpers/ws-client.js';

const HISTORY = 5;
const runId = crypto.randomBytes(4).toString('hex');
const fleet = new AppFleet(
  `history-${crypto.randomBytes(24).toString('hex')}`,
  { WS_CHAT_HISTORY: String(HISTORY), WS_HEARTBEAT_MS: '1000', WS_HANDSHAKE_RATE: '0' },
  `e2e-history-${runId}-*`,
);
const startApp = (redisUrl: string, prefix: string) => fleet.start(redisUrl, prefix);
const user = (app: RunningApp, name: string) => fleet.connect(app.wsUrl('/ws'), name);

async function join(client: TestClient, room: string): Promise<{ members: string[]; history: { text: string }[] }> {
  const reply = await client.request({ type: 'chat-join', channel: room }, 5000);
  expect(reply.type, JSON.stringify(reply)).toBe('ack');
  return reply.payload;
}

async function say(client: TestClient, room: string, text: string): Promise<Envelope> {
  const reply = await client.request({ type: 'chat-send', channel: room, payload: { text } }, 5000);
  expect(reply.type, JSON.stringify(reply)).toBe('ack');
  return reply;
}

const texts = (history: { text: string }[]) => history.map((m) => m.text);
const chatTexts = (c: TestClient) => c.messages.filter((m) => m.type === 'chat-message').map((m) => m.payload.text as string);

/** The app's output reaches us on its own pipe, maybe after the replies: wait (bounded) for the line. */
async function logged(app: RunningApp, line: RegExp): Promise<void> {
  await eventually(`the app to log ${line}`, 3000, async () => (line.test(app.output()) ? true : undefined));
}

beforeAll(async () => {
  fleet.appDir = await buildRedisApp(['--redis', '--preset', 'chat']);
}, 180_000);

afterAll(() => fleet.close(), 60_000);

describe('chat history shared by two instances on the real Redis', { timeout: 90_000 }, () => {
  const prefix = `e2e-history-${runId}-shared:`;
  let nodeA: RunningApp;
  let nodeB: RunningApp;

  beforeAll(async () => {
    nodeA = await startApp(SHARED_REDIS, prefix);
    nodeB = await startApp(SHARED_REDIS, prefix);
  }, 60_000);

  it('messages sent on node A arrive as history to a client joining on node B: the newest ones, oldest first', async () => {
    const room = `room-${runId}`;
    const alice = await user(nodeA, 'alice');
    const bob = await user(nodeB, 'bob');
    expect(await join(alice, room)).toEqual({ channel: room, members: ['alice'], history: [] });
    expect((await join(bob, room)).history).toEqual([]);

    const sent: unknown[] = [];
    for (let i = 1; i <= HISTORY + 2; i += 1) sent.push((await say(alice, room, `from A ${i}`)).payload);
    // Live on the other node as well.
    await eventually('every message live on node B', 5000, async () => (chatTexts(bob).length === sent.length ? true : undefined));

    const carol = await user(nodeB, 'carol');
    const joined = await join(carol, room);
    expect(joined.members).toEqual(['alice', 'bob', 'carol']);
    expect(joined.history, 'history on node B of what was sent on node A').toEqual(sent.slice(-HISTORY));

    // And the other way round, interleaved: one list per room, whichever node wrote to it.
    const fromB = (await say(bob, room, 'from B')).payload;
    const dave = await user(nodeA, 'dave');
    expect((await join(dave, room)).history).toEqual([...sent.slice(-(HISTORY - 1)), fromB]);

    // Kept in Redis under the app's prefix, with an expiry (WS_CHAT_HISTORY_TTL_MS, default 24 h).
    const key = `${prefix}history:${room}`;
    expect(Number(await redisCli(6379, 'LLEN', key))).toBe(HISTORY);
    const ttl = Number(await redisCli(6379, 'PTTL', key));
    expect(ttl).toBeGreaterThan(23 * 3600_000);
    expect(ttl).toBeLessThanOrEqual(24 * 3600_000);
  });

  it("the app's generated chat test passes in Redis mode (two nodes in its runner)", async () => {
    const r = await run(process.execPath, [path.join(fleet.appDir, 'node_modules/vitest/vitest.mjs'), 'run', 'tests/ws/chat.test.ts'], {
      cwd: fleet.appDir,
      env: { REDIS_URL: SHARED_REDIS },
      timeoutMs: 120_000,
    });
    expect(r.exitCode, describeRun(r)).toBe(0);
    expect(`${r.stdout}${r.stderr}`).toMatch(/Tests\s+3 passed/);
  }, 150_000);
});

describe("Redis down, on this test's own redis-server", { timeout: 90_000 }, () => {
  let redis: OwnRedis;
  let node: RunningApp;

  beforeAll(async () => {
    redis = await startOwnRedis();
    node = await startApp(redis.url, `e2e-history-${runId}-own:`);
  }, 60_000);

  afterAll(async () => {
    await redis?.stop();
  });

  it('a message still goes out at once, the failed history write is logged, join works; history resumes after the restart', async () => {
    const room = `outage-${runId}`;
    const alice = await user(node, 'out-alice');
    const bob = await user(node, 'out-bob');
    await join(alice, room);
    await join(bob, room);
    await say(alice, room, 'before');

    await redis.stop('SIGKILL');
    await new Promise((r) => setTimeout(r, 1500));
    const started = Date.now();
    const during = await say(alice, room, 'during the outage');
    expect(Date.now() - started, 'the ack does not wait for Redis').toBeLessThan(1000);
    expect(during.payload.text).toBe('during the outage');
    await bob.waitFor((m) => m.type === 'chat-message' && m.payload.text === 'during the outage', { what: 'the message during the outage' });
    await logged(node, /could not keep the history of outage-/);
    // An outage fails every write: the log gets a summary per interval, not a line per message.
    for (let i = 0; i < 20; i += 1) await say(alice, room, `burst ${i}`);
    await bob.waitFor((m) => m.type === 'chat-message' && m.payload.text === 'burst 19', { what: 'the last burst message' });
    expect(node.output().match(/could not keep the history of/g)).toHaveLength(1);

    const carol = await user(node, 'out-carol');
    const joined = await join(carol, room);
    expect(joined.history, 'nothing can be read while Redis is down').toEqual([]);
    expect(joined.members).toEqual(['out-alice', 'out-bob', 'out-carol']);
    await logged(node, /could not read the history of outage-/);
    expect(node.exitCode()).toBeNull();

    redis = await startOwnRedis(redis.port); // back, empty
    await eventually('history kept again after Redis is back', 10_000, async () => {
      await say(alice, room, 'after');
      const seen = texts((await join(carol, room)).history);
      return seen.includes('after') ? true : undefined;
    });
    expect(node.exitCode()).toBeNull();
  });
});
