// One conformance suite for the adapters the generated server can use: the memory adapter and the Redis adapter
// (plain and sharded pub/sub, on the real Redis at REDIS_URL, a key prefix per run). The adapters are rendered
// from templates/ into a temp dir and imported as they are generated.

import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../helpers/until.js';
import { ConfigSchema } from '../../src/config/schema.js';
import { renderFiles } from '../../src/render/index.js';
import type { Config } from '../../src/types.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const RUN = `conformance-${randomUUID().slice(0, 8)}:`;

interface AdapterLike {
  readonly nodeId: string;
  onMessage(listener: (channel: string, data: string | Buffer) => void): void;
  subscribe(channel: string): Promise<void>;
  unsubscribe(channel: string): Promise<void>;
  publish(channel: string, data: string): Promise<void>;
  addMember(channel: string, userId: string): Promise<boolean>;
  removeMember(channel: string, userId: string): Promise<boolean>;
  onRevoke(listener: (userId: string) => void): void;
  revoke(userId: string): Promise<void>;
  onBroadcast(listener: (data: string | Buffer) => void): void;
  broadcast(data: string): Promise<void>;
  onUserMessage(listener: (userId: string, data: string | Buffer) => void): void;
  sendToUser(userId: string, data: string): Promise<void>;
  members(channel: string): Promise<string[]>;
  appendHistory(channel: string, entry: string, options: { max: number; ttlMs: number }): Promise<void>;
  recentHistory(channel: string, max: number): Promise<string[]>;
  close(): Promise<void>;
}

interface Subject {
  name: string;
  /** A new node; nodes made by one subject share their backend (one Redis prefix). */
  create: () => Promise<AdapterLike>;
  /** A node of the same kind on a backend of its own (another Redis prefix; another memory adapter). */
  createIsolated: () => Promise<AdapterLike>;
  /** Several nodes of one subject see each other (false: a single-process adapter). */
  multiNode: boolean;
}

let dir = '';
let modules: {
  MemoryAdapter: new () => AdapterLike;
  MAX_HISTORY_CHANNELS: number;
  RedisAdapter: new (o: unknown) => AdapterLike;
  PRESENCE_TTL_INTERVALS: number;
};
const open: AdapterLike[] = [];
const silent = { info: () => {}, warn: () => {}, error: () => {} };

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cws-adapters-'));
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const config = { ...ConfigSchema.parse({ redis: true }), framework: 'node-http', entry: 'src/index.ts' } as Config;
  const files = renderFiles({ config, language: 'ts', moduleSystem: 'esm', importExt: '', testRunner: 'vitest', cliVersion: '0.0.0' });
  for (const file of files.filter((f) => /src\/ws\/(adapters\/|config\.ts)/.test(f.path))) {
    mkdirSync(path.dirname(path.join(dir, file.path)), { recursive: true });
    writeFileSync(path.join(dir, file.path), file.content);
  }
  const memory = await import(path.join(dir, 'src/ws/adapters/memory.ts'));
  const redis = await import(path.join(dir, 'src/ws/adapters/redis.ts'));
  modules = { MemoryAdapter: memory.MemoryAdapter, MAX_HISTORY_CHANNELS: memory.MAX_HISTORY_CHANNELS, RedisAdapter: redis.RedisAdapter, PRESENCE_TTL_INTERVALS: redis.PRESENCE_TTL_INTERVALS };
});

afterAll(async () => {
  await Promise.all(open.splice(0).map((a) => a.close()));
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

async function ready(adapter: AdapterLike): Promise<AdapterLike> {
  // The Redis adapter fails fast until its connections are ready: wait for both.
  const clients = ['pub', 'sub'].map((k) => (adapter as unknown as Record<string, { status: string } | undefined>)[k]);
  const started = Date.now();
  while (clients.some((c) => c !== undefined && c.status !== 'ready')) {
    if (Date.now() - started > 5000) throw new Error('the Redis adapter did not connect within 5 s');
    await new Promise((r) => setTimeout(r, 20));
  }
  await new Promise((r) => setTimeout(r, 50)); // its restore-on-ready work
  open.push(adapter);
  return adapter;
}

function redisSubject(sharded: boolean, refreshMs = 1000): Subject {
  const prefix = `${RUN}${sharded ? 's' : 'p'}:`;
  const node = (p: string) => ready(new modules.RedisAdapter({ url: REDIS_URL, prefix: p, sharded, refreshMs, logger: silent }));
  return {
    name: `RedisAdapter (${sharded ? 'sharded' : 'plain'} pub/sub)`,
    multiNode: true,
    create: () => node(prefix),
    createIsolated: () => node(`${RUN}${sharded ? 's' : 'p'}-other:`),
  };
}

const memoryNode = async () => ready(new modules.MemoryAdapter());
const subjects: Subject[] = [
  { name: 'MemoryAdapter', multiNode: false, create: memoryNode, createIsolated: memoryNode },
  redisSubject(false),
  redisSubject(true),
];

const channelOf = (what: string) => `conf.${what}.${randomUUID().slice(0, 8)}`;

/** Everything `adapter` hears, as text. */
function collect(adapter: AdapterLike): { channel: string; data: string }[] {
  const heard: { channel: string; data: string }[] = [];
  adapter.onMessage((channel, data) => heard.push({ channel, data: data.toString() }));
  return heard;
}

for (const subject of subjects) {
  describe(`adapter conformance: ${subject.name}`, () => {
    it(`unique node ids; members counted per user, sorted; remove of a non-member is false`, async () => {
      const a = await subject.create();
      const b = await subject.create();
      expect(a.nodeId).not.toBe(b.nodeId);
      const channel = channelOf('members');
      expect(await a.members(channel)).toEqual([]);
      expect(await a.addMember(channel, 'zed')).toBe(true);
      expect(await a.addMember(channel, 'amy')).toBe(true);
      expect(await a.members(channel)).toEqual(['amy', 'zed']);
      expect(await a.removeMember(channel, 'zed')).toBe(true);
      expect(await a.members(channel)).toEqual(['amy']);
      expect(await a.removeMember(channel, 'nobody')).toBe(false);
      expect(await a.removeMember(channel, 'amy')).toBe(true);
      expect(await a.members(channel)).toEqual([]);
    });

    it('a node never hears its own publications', async () => {
      const a = await subject.create();
      const heard = collect(a);
      const channel = channelOf('own');
      await a.subscribe(channel);
      await a.publish(channel, '{"n":1}');
      await new Promise((r) => setTimeout(r, 150));
      expect(heard).toEqual([]);
    });

    it('a node never hears its own broadcasts and user messages', async () => {
      const a = await subject.create();
      const heard: string[] = [];
      a.onBroadcast((data) => heard.push(`all ${data.toString()}`));
      a.onUserMessage((userId, data) => heard.push(`${userId} ${data.toString()}`));
      a.onRevoke((userId) => heard.push(`revoke ${userId}`));
      await a.broadcast('{"n":1}');
      await a.sendToUser('u1', '{"n":2}');
      await new Promise((r) => setTimeout(r, 150));
      expect(heard).toEqual([]);
    });

    it('history: entries come back oldest first, only the newest max are kept, per channel', async () => {
      const a = await subject.create();
      const [room, other] = [channelOf('history'), channelOf('history')];
      const keep = { max: 5, ttlMs: 60_000 };
      expect(await a.recentHistory(room, 5)).toEqual([]);
      const sent = Array.from({ length: 8 }, (_, i) => JSON.stringify({ i, text: 'é\n' }));
      for (const entry of sent) await a.appendHistory(room, entry, keep);
      await a.appendHistory(other, '"elsewhere"', keep);
      expect(await a.recentHistory(room, 5)).toEqual(sent.slice(3));
      expect(await a.recentHistory(room, 2)).toEqual(sent.slice(6));
      expect(await a.recentHistory(room, 50)).toEqual(sent.slice(3));
      expect(await a.recentHistory(other, 5)).toEqual(['"elsewhere"']);
      // Concurrent appends all land, in call order, still bounded.
      await Promise.all(Array.from({ length: 20 }, (_, i) => a.appendHistory(room, `${i}`, keep)));
      expect(await a.recentHistory(room, 10)).toEqual(['15', '16', '17', '18', '19']);
    });

    it('history: max 0 keeps nothing and reads nothing', async () => {
      const a = await subject.create();
      const room = channelOf('history0');
      await a.appendHistory(room, '"kept"', { max: 3, ttlMs: 60_000 });
      expect(await a.recentHistory(room, 0)).toEqual([]);
      await a.appendHistory(room, '"dropped"', { max: 0, ttlMs: 60_000 });
      expect(await a.recentHistory(room, 3)).toEqual([]);
    });

    it('history: a channel with no append for ttlMs is forgotten; each append extends it', async () => {
      const a = await subject.create();
      const room = channelOf('historyttl');
      const keep = { max: 3, ttlMs: 400 };
      await a.appendHistory(room, '1', keep);
      await new Promise((r) => setTimeout(r, 250));
      await a.appendHistory(room, '2', keep);
      await new Promise((r) => setTimeout(r, 250));
      expect(await a.recentHistory(room, 3), 'extended by the second append').toEqual(['1', '2']);
      await until(async () => (await a.recentHistory(room, 3)).length === 0, 'the history to expire', 2000);
      await a.appendHistory(room, '3', keep);
      expect(await a.recentHistory(room, 3), 'a fresh history after the expiry').toEqual(['3']);
    });

    it('history: isolated between backends (key prefixes)', async () => {
      const [a, b] = [await subject.create(), await subject.createIsolated()];
      const room = channelOf('historyiso');
      await a.appendHistory(room, '"a"', { max: 3, ttlMs: 60_000 });
      await b.appendHistory(room, '"b"', { max: 3, ttlMs: 60_000 });
      expect(await a.recentHistory(room, 3)).toEqual(['"a"']);
      expect(await b.recentHistory(room, 3)).toEqual(['"b"']);
    });

    // A single-process adapter has no other node to reach: the multi-node cases are for the others.
    const itMulti = subject.multiNode ? it : () => {};

    itMulti('multi-node: messages reach the other subscribed nodes once each, in publish order, and stop after unsubscribe', async () => {
      const [a, b, c] = [await subject.create(), await subject.create(), await subject.create()];
      const [heardB, heardC] = [collect(b), collect(c)];
      const channel = channelOf('fanout');
      await Promise.all([a.subscribe(channel), b.subscribe(channel), c.subscribe(channel)]);
      const sent = Array.from({ length: 50 }, (_, i) => JSON.stringify({ i }));
      await Promise.all(sent.map((m) => a.publish(channel, m)));
      await until(() => heardB.length >= 50 && heardC.length >= 50, '50 messages on b and c', 3000);
      await new Promise((r) => setTimeout(r, 100));
      expect(heardB.map((m) => m.data)).toEqual(sent);
      expect(heardC.map((m) => m.data)).toEqual(sent);
      expect(new Set(heardB.map((m) => m.channel))).toEqual(new Set([channel]));
      await c.unsubscribe(channel);
      await a.publish(channel, '"after"');
      await until(() => heardB.length === 51, 'the message after the unsubscribe on b', 3000);
      await new Promise((r) => setTimeout(r, 100));
      expect(heardC).toHaveLength(50);
    });

    itMulti('multi-node: history appended on one node is read on every node, in append order', async () => {
      const [a, b, c] = [await subject.create(), await subject.create(), await subject.create()];
      const room = channelOf('historyshared');
      const keep = { max: 4, ttlMs: 60_000 };
      await a.appendHistory(room, '"a1"', keep);
      await b.appendHistory(room, '"b1"', keep);
      await a.appendHistory(room, '"a2"', keep);
      expect(await c.recentHistory(room, 4)).toEqual(['"a1"', '"b1"', '"a2"']);
      for (const entry of ['"c1"', '"c2"']) await c.appendHistory(room, entry, keep);
      expect(await a.recentHistory(room, 4)).toEqual(['"b1"', '"a2"', '"c1"', '"c2"']);
    });

    itMulti('multi-node: a user is counted once across nodes; first join and last leave are reported', async () => {
      const [a, b] = [await subject.create(), await subject.create()];
      const channel = channelOf('presence');
      expect(await a.addMember(channel, 'u1')).toBe(true);
      expect(await b.addMember(channel, 'u1')).toBe(false);
      expect(await b.addMember(channel, 'u2')).toBe(true);
      expect(await a.members(channel)).toEqual(['u1', 'u2']);
      expect(await b.members(channel)).toEqual(['u1', 'u2']);
      expect(await a.removeMember(channel, 'u1')).toBe(false);
      expect(await b.removeMember(channel, 'u1')).toBe(true);
      expect(await a.members(channel)).toEqual(['u2']);
    });

    itMulti('multi-node: revoke(userId) reaches the other nodes, not the caller (also after their last room is left)', async () => {
      const [a, b] = [await subject.create(), await subject.create()];
      // Leaving the last room must not take the node out of subscriber mode (an ioredis pitfall with sharded pub/sub).
      const room = channelOf('left');
      await b.subscribe(room);
      await b.unsubscribe(room);
      const onA: string[] = [];
      const onB: string[] = [];
      a.onRevoke((u) => onA.push(u));
      b.onRevoke((u) => onB.push(u));
      await a.revoke('victim');
      await until(() => onB.length === 1, 'the revoke on b', 3000);
      expect(onB).toEqual(['victim']);
      expect(onA).toEqual([]);
    });

    itMulti('multi-node: broadcast and sendToUser reach every other node once each, in order with revocations, never the caller', async () => {
      const [a, b, c] = [await subject.create(), await subject.create(), await subject.create()];
      const heard = new Map<AdapterLike, string[]>();
      for (const node of [a, b, c]) {
        const log: string[] = [];
        heard.set(node, log);
        node.onBroadcast((data) => log.push(`all ${data.toString()}`));
        node.onUserMessage((userId, data) => log.push(`to ${JSON.stringify(userId)} ${data.toString()}`));
        node.onRevoke((userId) => log.push(`revoke ${userId}`));
      }
      // User ids may hold anything, new lines and digits included; the data is passed on byte for byte.
      const odd = '12\nzoë 7';
      const expected: string[] = [];
      const sends: Promise<void>[] = [];
      for (let i = 0; i < 20; i += 1) {
        sends.push(a.broadcast(JSON.stringify({ i, text: 'é\n' })));
        expected.push(`all ${JSON.stringify({ i, text: 'é\n' })}`);
        sends.push(a.sendToUser(i % 2 === 0 ? 'u1' : odd, `{"i":${i}}`));
        expected.push(`to ${JSON.stringify(i % 2 === 0 ? 'u1' : odd)} {"i":${i}}`);
      }
      sends.push(a.revoke('victim'));
      expected.push('revoke victim');
      await Promise.all(sends);
      await until(() => heard.get(b)!.length >= expected.length && heard.get(c)!.length >= expected.length, 'everything on b and c', 3000);
      await new Promise((r) => setTimeout(r, 100));
      expect(heard.get(b)).toEqual(expected);
      expect(heard.get(c)).toEqual(expected);
      expect(heard.get(a)).toEqual([]);
    });
  });
}

describe('MemoryAdapter specifics', () => {
  it('history: past MAX_HISTORY_CHANNELS channels, the one appended to least recently is forgotten', async () => {
    const a = await subjects[0]!.create();
    const max = modules.MAX_HISTORY_CHANNELS;
    const keep = { max: 1, ttlMs: 60_000 };
    for (let i = 0; i < max; i += 1) await a.appendHistory(`many.${i}`, `${i}`, keep);
    await a.appendHistory('many.0', '"again"', keep); // now the most recent: many.1 is the oldest
    await a.appendHistory('many.new', '"new"', keep);
    expect(await a.recentHistory('many.1', 1)).toEqual([]);
    expect(await a.recentHistory('many.0', 1)).toEqual(['"again"']);
    expect(await a.recentHistory('many.2', 1)).toEqual(['2']);
    expect(await a.recentHistory('many.new', 1)).toEqual(['"new"']);
  });
});

describe('RedisAdapter specifics', () => {
  it('a node that stops refreshing (died) drops out of presence within PRESENCE_TTL_INTERVALS refresh intervals', async () => {
    const subject = redisSubject(false, 200);
    const [a, dead] = [await subject.create(), await subject.create()];
    const channel = channelOf('expiry');
    await a.addMember(channel, 'alive');
    await dead.addMember(channel, 'ghost');
    expect(await a.members(channel)).toEqual(['alive', 'ghost']);
    // Dies without cleanup: no more refreshes, no ZREM of its node entry.
    const internals = dead as unknown as { refreshTimer: NodeJS.Timeout; pub: { disconnect(): void }; sub: { disconnect(): void } };
    clearInterval(internals.refreshTimer);
    internals.pub.disconnect();
    internals.sub.disconnect();
    const started = Date.now();
    await until(async () => (await a.members(channel)).join() === 'alive', 'the dead node to expire', 5000);
    expect(Date.now() - started).toBeLessThanOrEqual(modules.PRESENCE_TTL_INTERVALS * 200 + 1000);
  });

  it('history: one list per channel under the prefix, never without an expiry', async () => {
    const a = await redisSubject(false).create();
    const room = channelOf('historykey');
    await a.appendHistory(room, '"x"', { max: 3, ttlMs: 60_000 });
    const pub = (a as unknown as { pub: { type(k: string): Promise<string>; pttl(k: string): Promise<number> } }).pub;
    const key = `${RUN}p:history:${room}`;
    expect(await pub.type(key)).toBe('list');
    const ttl = await pub.pttl(key);
    expect(ttl).toBeGreaterThan(50_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('history: with Redis unreachable, appends and reads fail (to be logged by the server) instead of hanging', async () => {
    const adapter = new modules.RedisAdapter({ url: 'redis://127.0.0.1:1', prefix: `${RUN}down:`, sharded: false, refreshMs: 1000, logger: silent });
    try {
      const started = Date.now();
      await expect(adapter.appendHistory('room', '"x"', { max: 3, ttlMs: 1000 })).rejects.toThrow();
      await expect(adapter.recentHistory('room', 3)).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await adapter.close();
    }
  });

  it('passes rediss:// (TLS), user:password@ and extra ioredis options (Sentinel) through to ioredis', async () => {
    const adapter = new modules.RedisAdapter({
      url: 'rediss://app-user:s3cret@127.0.0.1:1/2',
      prefix: `${RUN}tls:`,
      sharded: false,
      refreshMs: 1000,
      redisOptions: { lazyConnect: true, sentinelPassword: 'sentinel-secret', connectTimeout: 1234 },
      logger: silent,
    });
    try {
      const pub = (adapter as unknown as { pub: { options: Record<string, unknown> } }).pub.options;
      expect(pub).toMatchObject({ username: 'app-user', password: 's3cret', db: 2, connectTimeout: 1234, sentinelPassword: 'sentinel-secret' });
      expect(pub['tls']).toBeTruthy();
    } finally {
      await adapter.close();
    }
  });
});
