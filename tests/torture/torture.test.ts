// The torture suite: the server GENERATED into a fixture app (express5-ts-esm + prom-client, scaffolded with the
// built CLI and compiled with the app's own tsc) runs in child processes and faces hostile clients and bad networks
// over loopback. Bounded in count and time; the figures it measures are printed at the end.
//
// Client IPs: the per-IP handshake limit is on by default, so the tests that run against the default limits use
// their own loopback source address (127.0.0.x; Linux routes all of 127/8 to lo).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs } from '../helpers/scaffold.js';
import { signToken, unsignedToken } from '../helpers/jwt.js';
import { fatalFrame, random, survivableFrame } from './support/bad-input.js';
import type { BadFrame } from './support/bad-input.js';
import { MiB, ServerProcess, scaffoldTortureApp } from './support/app.js';
import type { Heap, TortureApp } from './support/app.js';
import { Client, connect, handshake, pool, sleep, until, within, wsUrl } from './support/clients.js';
import type { Msg } from './support/clients.js';

const PEER = fileURLToPath(new URL('./support/peer-process.mjs', import.meta.url));
const HEARTBEAT_MS = 400;
const ISSUER = 'https://issuer.torture.test';
const AUDIENCE = 'torture-api';

/** Limits raised so that floods of hostile clients reach the code under test instead of the per-IP limits. */
const HOSTILE_ENV = {
  WS_HANDSHAKE_RATE: '0',
  WS_MAX_CONNECTIONS: '20000',
  WS_MAX_CONNECTIONS_PER_USER: '100000',
  WS_MESSAGE_RATE: '100000',
  WS_MESSAGE_BURST: '100000',
  WS_MAX_BUFFERED_BYTES: String(MiB),
};

const figures: Record<string, unknown> = {};
const servers: ServerProcess[] = [];
const clients: Client[] = [];
const children: ChildProcess[] = [];
let app: TortureApp;
let hostile: ServerProcess;
let strict: ServerProcess;

async function startServer(env: Record<string, string>): Promise<ServerProcess> {
  const server = await ServerProcess.start(app, env);
  servers.push(server);
  return server;
}

function token(sub: string, opts: { expiresIn?: string | number; claims?: Record<string, unknown>; secret?: string } = {}): Promise<string> {
  return signToken({ sub, secret: opts.secret ?? app.secret, issuer: ISSUER, audience: AUDIENCE, ...opts });
}

/** A tracked connection (terminated in afterAll). */
async function open(server: ServerProcess, sub: string, opts: Parameters<typeof connect>[1] = {}): Promise<Client> {
  const client = await connect(server.port, { token: await token(sub), ...opts });
  clients.push(client);
  return client;
}

afterEach(() => {
  for (const client of clients.splice(0)) client.ws.terminate();
});

const mb = (bytes: number): number => Math.round((bytes / MiB) * 10) / 10;

beforeAll(async () => {
  app = await scaffoldTortureApp();
  [hostile, strict] = await Promise.all([
    startServer(HOSTILE_ENV),
    startServer({ WS_HEARTBEAT_MS: String(HEARTBEAT_MS), WS_JWT_ISSUER: ISSUER, WS_JWT_AUDIENCE: AUDIENCE }),
  ]);
}, 180_000);

afterAll(async () => {
  for (const client of clients) client.ws.terminate();
  for (const child of children) child.kill('SIGKILL');
  for (const server of servers) server.kill();
  cleanupTempDirs();
  console.log(`torture figures:\n${JSON.stringify(figures, null, 2)}`);
}, 30_000);

describe('the app under torture', () => {
  it('was scaffolded with the metrics module, since the app depends on prom-client', () => {
    expect(app.files).toContain('src/ws/metrics.ts');
    expect(app.files).toContain('src/ws/server.ts');
  });
});

describe('bad input', () => {
  const FATAL = 3000;
  const SURVIVABLE_CONNECTIONS = 20;
  const SURVIVABLE_PER_CONNECTION = 360;

  it(`${FATAL} connection-ending frames and ${SURVIVABLE_CONNECTIONS * SURVIVABLE_PER_CONNECTION} error-answered ones: each gets its documented answer, the server stays up and a good client sees exactly its messages`, async () => {
    const goodChannel = 'good-room';
    const receiver = await open(hostile, 'good-receiver');
    await receiver.request({ type: 'subscribe', channel: goodChannel });
    const publisher = await open(hostile, 'good-publisher');
    await publisher.request({ type: 'subscribe', channel: goodChannel });
    await receiver.next((m) => m.type === 'presence', 'the publisher joining');

    // The good publisher keeps publishing, one message every 15 ms, while the hostile clients do their worst.
    let published = 0;
    let torturing = true;
    const publishing = (async () => {
      while (torturing && published < 1000) {
        const reply = await publisher.request({ type: 'publish', channel: goodChannel, payload: { seq: published } }, 30_000);
        if (reply.type !== 'ack') throw new Error(`publish ${published} answered ${JSON.stringify(reply)}`);
        published += 1;
        await sleep(15);
      }
    })();
    publishing.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile

    const rand = random(0x5eed);
    const tokens = await Promise.all(Array.from({ length: 20 }, (_, i) => token(`hostile-${i}`)));
    const byKind = new Map<string, number>();
    const count = (frame: BadFrame): void => {
      byKind.set(frame.kind, (byKind.get(frame.kind) ?? 0) + 1);
    };

    // One connection per connection-ending frame.
    const fatal = Array.from({ length: FATAL }, () => fatalFrame(rand));
    const started = Date.now();
    const fatalFailures = await pool(FATAL, 48, async (i) => {
      const frame = fatal[i]!;
      count(frame);
      const client = await connect(hostile.port, { token: tokens[i % tokens.length]! });
      client.ws.send(frame.data, { binary: frame.binary });
      const closed = await client.closedWithin(10_000);
      const expected = (frame.expected as { close: number }).close;
      if (closed.code !== expected) throw new Error(`${frame.kind}: closed ${closed.code} (${closed.reason}), expected ${expected}`);
      if (client.messages.some((m) => m.type !== 'welcome')) throw new Error(`${frame.kind}: got ${JSON.stringify(client.messages.slice(1))}`);
    });

    // Frames a connection survives, many per connection, each answered once with its error.
    const survivableFailures = await pool(SURVIVABLE_CONNECTIONS, SURVIVABLE_CONNECTIONS, async (c) => {
      const client = await connect(hostile.port, { token: tokens[c]! });
      clients.push(client);
      const expected = new Map<string, string>(); // correlationId -> error code, or 'ack'
      for (let i = 0; i < SURVIVABLE_PER_CONNECTION; i += 1) {
        const correlationId = `s${c}-${i}`;
        const frame = survivableFrame(rand, correlationId, goodChannel);
        count(frame);
        expected.set(correlationId, 'error' in frame.expected ? frame.expected.error : 'ack');
        client.ws.send(frame.data);
        if (i % 20 === 0) await sleep(0);
      }
      await until(() => client.messages.length >= SURVIVABLE_PER_CONNECTION + 1 || client.closeInfo !== null, `the ${SURVIVABLE_PER_CONNECTION} replies`, 60_000);
      await sleep(50); // a duplicate reply would arrive now
      if (client.closeInfo !== null) throw new Error(`closed ${client.closeInfo.code} ${client.closeInfo.reason}`);
      const replies = client.messages.slice(1);
      if (replies.length !== SURVIVABLE_PER_CONNECTION) throw new Error(`${replies.length} replies to ${SURVIVABLE_PER_CONNECTION} frames`);
      for (const reply of replies) {
        const id = String(reply.correlationId);
        const want = expected.get(id);
        const got = reply.type === 'ack' ? 'ack' : reply.type === 'error' ? reply.payload?.code : reply.type;
        if (got !== want) throw new Error(`reply to ${id}: ${JSON.stringify(reply).slice(0, 200)}, expected ${String(want)}`);
        expected.delete(id);
      }
      if (expected.size > 0) throw new Error(`${expected.size} frames never answered`);
    });
    const elapsed = Date.now() - started;

    torturing = false;
    await publishing;
    expect(fatalFailures.slice(0, 10), `${fatalFailures.length} connection-ending frames answered wrongly`).toEqual([]);
    expect(survivableFailures.slice(0, 10)).toEqual([]);
    expect(published).toBeGreaterThan(10);

    // The good receiver: its welcome, its ack, the publisher's join, then every message in order, nothing else.
    await until(() => receiver.messages.filter((m) => m.type === 'message').length >= published, 'every good message', 10_000);
    await sleep(100);
    const expectedMessages = Array.from({ length: published }, (_, seq) => ({ type: 'message', channel: goodChannel, payload: { seq }, from: publisher.userId }));
    expect(receiver.messages.slice(3)).toEqual(expectedMessages);
    expect(receiver.messages.slice(0, 3).map((m) => m.type)).toEqual(['welcome', 'ack', 'presence']);
    expect(receiver.ws.readyState).toBe(receiver.ws.OPEN);

    // Up, not polluted, and its counters and Prometheus metrics agree.
    const pollution = await hostile.call<{ prototypeKeys: string[]; polluted: unknown }>('pollution');
    expect(pollution.polluted).toBeNull();
    expect(pollution.prototypeKeys).toEqual(Object.getOwnPropertyNames(Object.prototype).sort());
    await until(async () => (await hostile.stats()).connections === 2 + SURVIVABLE_CONNECTIONS, 'only the good and the surviving connections to remain');
    const stats = await hostile.stats();
    const closes = (kind: string): number => byKind.get(kind) ?? 0;
    expect(stats.drops['binary']).toBe(closes('binary'));
    expect(stats.drops['invalid_message']).toBe(
      closes('truncated-json') + closes('garbage') + closes('not-an-object') + closes('no-string-type') + closes('bad-correlation-id') + closes('deep-nesting'),
    );
    expect(stats.drops['protocol_error']).toBe(closes('invalid-utf8'));
    expect(stats.drops['too_big']).toBe(closes('too-big'));
    const metrics = await hostile.call<string>('metrics');
    expect(metrics).toMatch(new RegExp(`^ws_connections ${stats.connections}$`, 'm'));
    expect(metrics).toMatch(new RegExp(`^ws_drops_total\\{reason="binary"\\} ${stats.drops['binary']}$`, 'm'));

    for (const client of clients.splice(0)) client.ws.terminate();
    await until(async () => (await hostile.stats()).connections === 0, 'every connection to be gone');
    figures['bad input'] = {
      frames: FATAL + SURVIVABLE_CONNECTIONS * SURVIVABLE_PER_CONNECTION,
      connectionEnding: FATAL,
      errorAnswered: SURVIVABLE_CONNECTIONS * SURVIVABLE_PER_CONNECTION,
      byKind: Object.fromEntries([...byKind].sort()),
      goodMessagesDeliveredMeanwhile: published,
      ms: elapsed,
    };
  }, 150_000);
});

describe('churn', () => {
  const CYCLES = 10_000;
  const CHANNELS = 20;

  it(`${CYCLES} connect / subscribe / abrupt-disconnect cycles leave the registry and every room empty, and the heap bounded`, async () => {
    const tokens = await Promise.all(Array.from({ length: 50 }, (_, i) => token(`churner-${i}`)));
    const cycle = async (i: number): Promise<void> => {
      const client = await connect(hostile.port, { token: tokens[i % tokens.length]! });
      const reply = await client.request({ type: 'subscribe', channel: `churn-${i % CHANNELS}` });
      if (reply.type !== 'ack') throw new Error(`subscribe answered ${JSON.stringify(reply)}`);
      client.ws.terminate(); // the socket is destroyed: no close frame
    };
    const settle = async (): Promise<void> => {
      await until(async () => {
        const stats = await hostile.stats();
        return stats.connections === 0 && stats.channels === 0;
      }, 'the registry and the rooms to empty', 20_000);
    };

    expect(await pool(500, 32, cycle)).toEqual([]); // warm-up: code paths compiled, pools allocated
    await settle();
    const before = await hostile.call<Heap>('heap');
    const started = Date.now();
    const failures = await pool(CYCLES, 32, cycle);
    const elapsed = Date.now() - started;
    expect(failures.slice(0, 10), `${failures.length} cycles failed`).toEqual([]);
    await settle();
    const after = await hostile.call<Heap>('heap');

    // Presence is empty too: a newcomer is alone in every churned channel.
    const probe = await open(hostile, 'probe');
    for (let c = 0; c < CHANNELS; c += 1) {
      const reply = await probe.request({ type: 'subscribe', channel: `churn-${c}` });
      expect(reply.payload.members).toEqual([probe.userId]);
    }
    probe.ws.terminate();

    const growth = after.heapUsed - before.heapUsed;
    figures['churn'] = {
      cycles: CYCLES,
      ms: elapsed,
      heapUsedBeforeMiB: mb(before.heapUsed),
      heapUsedAfterMiB: mb(after.heapUsed),
      heapGrowthMiB: mb(growth),
      rssAfterMiB: mb(after.rss),
    };
    // Measured: well under 1 MiB of growth after GC (see the figures); a leak of one small object per cycle
    // would be several MiB.
    expect(growth).toBeLessThan(4 * MiB);
  }, 150_000);
});

describe('flood', () => {
  it('a client sending as fast as it can gets rate_limited, then 1008; a member publishing meanwhile is delivered in full, in order', async () => {
    // Default limits on this server: 50 messages per second, burst 100.
    const receiver = await open(strict, 'flood-receiver', { localAddress: '127.0.0.10' });
    const publisher = await open(strict, 'flood-publisher', { localAddress: '127.0.0.11' });
    await receiver.request({ type: 'subscribe', channel: 'flood-room' });
    await publisher.request({ type: 'subscribe', channel: 'flood-room' });

    const PUBLISHED = 100;
    const publishing = (async () => {
      for (let seq = 0; seq < PUBLISHED; seq += 1) {
        const reply = await publisher.request({ type: 'publish', channel: 'flood-room', payload: { seq } });
        if (reply.type !== 'ack') throw new Error(`publish ${seq}: ${JSON.stringify(reply)}`);
        await sleep(25); // 40 per second: under the limit
      }
    })();

    // Flooders one after another for as long as the publisher publishes, each on its own address.
    const floods: { sent: number; rateLimited: number; code: number }[] = [];
    for (let f = 0; f < 5; f += 1) {
      const flooder = await open(strict, `flooder-${f}`, { localAddress: `127.0.0.${12 + f}` });
      let sent = 0;
      while (flooder.closeInfo === null && sent < 50_000) {
        for (let i = 0; i < 500; i += 1) flooder.send({ type: 'echo', payload: sent + i, correlationId: sent + i });
        sent += 500;
        await sleep(0);
      }
      const closed = await flooder.closedWithin(10_000);
      const rateLimited = flooder.messages.filter((m) => m.type === 'error' && m.payload?.code === 'rate_limited').length;
      floods.push({ sent, rateLimited, code: closed.code });
      await sleep(300);
    }
    await within(publishing, 'the publisher', 20_000);
    await until(() => receiver.messages.filter((m) => m.type === 'message').length >= PUBLISHED, 'every published message', 5000);

    for (const flood of floods) {
      expect(flood.rateLimited).toBeGreaterThanOrEqual(1);
      expect(flood.code).toBe(1008);
    }
    const seqs = receiver.messages.filter((m) => m.type === 'message').map((m) => m.payload.seq as number);
    expect(seqs).toEqual(Array.from({ length: PUBLISHED }, (_, i) => i));
    expect(receiver.ws.readyState).toBe(receiver.ws.OPEN);
    figures['flood'] = { flooders: floods.length, framesSentPerFlooder: floods.map((f) => f.sent), rateLimitedReplies: floods.map((f) => f.rateLimited), publishedMeanwhile: PUBLISHED };
  }, 60_000);
});

describe('slow consumer', () => {
  it('a member that never reads is dropped, server memory stays bounded, the other members get every message', async () => {
    const channel = 'firehose';
    const fast = [await open(hostile, 'fast-1'), await open(hostile, 'fast-2')];
    const slow = await open(hostile, 'slow');
    for (const client of [...fast, slow]) await client.request({ type: 'subscribe', channel });
    slow.ws.pause(); // stops reading: the kernel buffers fill, then the server's send buffer grows
    const before = await hostile.call<Heap>('heap');
    const dropsBefore = (await hostile.stats()).drops['slow_consumer'] ?? 0;

    const COUNT = 2000;
    const SIZE = 16 * 1024;
    // 128 KiB every 10 ms at most (about 12 MiB/s to each member): the readers keep up, the one that never reads cannot.
    const blast = { channel, count: COUNT, size: SIZE, burst: 8, pauseMs: 10 };
    const { peakArrayBuffers } = await hostile.call<{ peakArrayBuffers: number }>('blast', blast, 60_000);
    const progress = (): string =>
      fast.map((c) => `${c.messages.filter((m) => m.type === 'message').length} messages, closed: ${JSON.stringify(c.closeInfo)}`).join('; ');
    await until(() => fast.every((c) => c.messages.filter((m) => m.type === 'message').length >= COUNT), () => `every message at the fast members (${progress()})`, 30_000);
    await until(async () => (await hostile.stats()).connections === 2, 'the slow consumer to be dropped', 10_000);
    const after = await hostile.call<Heap>('heap');
    const stats = await hostile.stats();

    for (const client of fast) {
      const seqs = client.messages.filter((m) => m.type === 'message').map((m) => m.payload.seq as number);
      expect(seqs).toEqual(Array.from({ length: COUNT }, (_, i) => i));
      expect(client.ws.readyState).toBe(client.ws.OPEN);
    }
    expect(stats.drops['slow_consumer']).toBe(dropsBefore + 1);
    slow.ws.resume();
    const closed = await slow.closedWithin(10_000);
    expect([1013, 1006]).toContain(closed.code); // 1013, or cut off when its buffer was far over the limit

    const traffic = COUNT * SIZE * 3;
    figures['slow consumer'] = {
      messages: COUNT,
      bytesPerMessage: SIZE,
      trafficMiB: mb(traffic),
      peakArrayBuffersMiB: mb(peakArrayBuffers),
      heapUsedBeforeMiB: mb(before.heapUsed),
      heapUsedAfterMiB: mb(after.heapUsed),
      slowConsumerClose: closed.code,
    };
    // Bounded: the peak buffer memory is a few times maxBufferedBytes (1 MiB here), far below the traffic.
    expect(peakArrayBuffers).toBeLessThan(24 * MiB);
    expect(after.heapUsed - before.heapUsed).toBeLessThan(8 * MiB);
    for (const client of fast) client.ws.terminate();
  }, 90_000);
});

describe('auth', () => {
  it('refuses every bad token with 401 before the upgrade and allocates nothing', async () => {
    const { generateKeyPair, exportSPKI } = await import('jose');
    const rsa = await generateKeyPair('RS256');
    const pem = await exportSPKI(rsa.publicKey);
    const now = Math.floor(Date.now() / 1000);
    const bad: [string, string][] = [
      ['expired', await token('eve', { expiresIn: now - 60 })],
      ['not yet valid (nbf)', await token('eve', { claims: { nbf: now + 3600 } })],
      ['wrong signature', await token('eve', { secret: 'another-secret-of-at-least-32-bytes-!!' })],
      ['alg none', unsignedToken('eve')],
      ['HS256 signed with an RS256 public key', await token('eve', { secret: pem })],
      ['wrong issuer', await signToken({ sub: 'eve', secret: app.secret, issuer: 'https://evil.test', audience: AUDIENCE })],
      ['wrong audience', await signToken({ sub: 'eve', secret: app.secret, issuer: ISSUER, audience: 'other-api' })],
      ['no issuer or audience', await signToken({ sub: 'eve', secret: app.secret })],
      ['garbage', 'garbage'],
      ['three garbage parts', 'a.b.c'],
      ['truncated', (await token('eve')).slice(0, 40)],
      ['huge', 'x'.repeat(6000)],
    ];
    const before = await strict.stats();
    const outcomes: string[] = [];
    for (const [name, tok] of bad) {
      for (const via of ['header', 'protocol', 'query'] as const) {
        const result = await handshake(strict.port, { token: tok, via, localAddress: '127.0.0.20' });
        if (result.status !== 401) outcomes.push(`${name} via ${via}: ${result.status}`);
      }
    }
    expect(outcomes).toEqual([]);
    const after = await strict.stats();
    expect(after.connections).toBe(before.connections);
    expect(after.drops['unauthorized']! - before.drops['unauthorized']!).toBe(bad.length * 3);
    const logs = await strict.call<string[]>('logs');
    for (const [, tok] of bad.filter(([, t]) => t.length > 20)) {
      expect(logs.join('\n')).not.toContain(tok);
    }
    figures['auth: bad tokens refused with 401'] = bad.length * 3;
  }, 60_000);

  it('a JWKS server refuses HS256 made with its RSA public key, other keys and alg none; accepts its own RS256', async () => {
    const { generateKeyPair, exportJWK, exportSPKI, SignJWT } = await import('jose');
    const rsa = await generateKeyPair('RS256');
    const other = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(rsa.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    const jwks = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
      void req;
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = jwks.address() as AddressInfo;
      const server = await startServer({ WS_JWT_SECRET: '', WS_JWKS_URL: `http://127.0.0.1:${port}/jwks.json` });
      const sign = (alg: string, key: Parameters<InstanceType<typeof SignJWT>['sign']>[0], kid = 'k1'): Promise<string> =>
        new SignJWT({}).setProtectedHeader({ alg, kid }).setSubject('mallory').setIssuedAt().setExpirationTime('5m').sign(key);
      const pem = await exportSPKI(rsa.publicKey);
      const cases: [string, string, number][] = [
        ['own RS256 key', await sign('RS256', rsa.privateKey), 101],
        ['HS256 with the public key PEM as secret', await sign('HS256', new TextEncoder().encode(pem)), 401],
        ['HS256 with the JWK modulus as secret', await sign('HS256', Buffer.from(jwk.n!, 'base64url')), 401],
        ['RS256 by another key', await sign('RS256', other.privateKey), 401],
        ['RS256 by another key, unknown kid', await sign('RS256', other.privateKey, 'k2'), 401],
        ['alg none', unsignedToken('mallory'), 401],
      ];
      const got = [];
      for (const [name, tok, want] of cases) got.push([name, (await handshake(server.port, { token: tok })).status, want]);
      expect(got.map(([name, status]) => [name, status])).toEqual(cases.map(([name, , want]) => [name, want]));
    } finally {
      jwks.closeAllConnections();
      await new Promise<void>((resolve) => jwks.close(() => resolve()));
    }
  }, 60_000);

  it('accepts a valid token from the query string (never logged) and from the subprotocol (never echoed)', async () => {
    const queryToken = await token('quentin');
    await strict.call('clearLogs');
    const viaQuery = await connect(strict.port, { token: queryToken, via: 'query', localAddress: '127.0.0.21' });
    clients.push(viaQuery);
    viaQuery.ws.send('{"not": "an envelope"}'); // makes the server log about this very connection
    expect((await viaQuery.closedWithin()).code).toBe(1008);
    const expiredInQuery = await token('quentin', { expiresIn: Math.floor(Date.now() / 1000) - 5 });
    expect((await handshake(strict.port, { token: expiredInQuery, via: 'query', localAddress: '127.0.0.21' })).status).toBe(401);
    const logs = await strict.call<string[]>('logs');
    expect(logs.some((line) => line.includes('closing connection'))).toBe(true);
    expect(logs.some((line) => line.includes('token refused'))).toBe(true);
    for (const secret of [queryToken, expiredInQuery, queryToken.split('.')[2]!, expiredInQuery.split('.')[2]!]) {
      expect(logs.join('\n')).not.toContain(secret);
      expect(strict.output).not.toContain(secret);
    }

    const protocolToken = await token('petra');
    const result = await handshake(strict.port, { token: protocolToken, via: 'protocol', localAddress: '127.0.0.21' });
    expect(result.status).toBe(101);
    expect(result.headers['sec-websocket-protocol']).toBe('ws-server.v1');
    expect(result.protocol).toBe('ws-server.v1');
  }, 30_000);

  it('closes with 4001 when the token expires mid-connection, and with 4001 on revoke(userId)', async () => {
    const exp = Math.floor(Date.now() / 1000) + 2;
    const expiring = await open(strict, 'short-lived', { localAddress: '127.0.0.22', token: await token('short-lived', { expiresIn: exp }) });
    const closed = await expiring.closedWithin(5000);
    expect(closed.code).toBe(4001);
    const lateMs = closed.at - exp * 1000;
    expect(lateMs).toBeGreaterThanOrEqual(-50);
    expect(lateMs).toBeLessThan(1000);

    const revoked = await open(strict, 'revoked-user', { localAddress: '127.0.0.22' });
    const bystander = await open(strict, 'bystander', { localAddress: '127.0.0.22' });
    expect(await strict.call('revoke', { userId: 'revoked-user' })).toBe(1);
    expect((await revoked.closedWithin()).code).toBe(4001);
    expect(bystander.ws.readyState).toBe(bystander.ws.OPEN);
    figures['auth: 4001 after exp (ms)'] = lateMs;
  }, 30_000);

  it('answers forbidden where the (restricted) authorize() hook says no', async () => {
    const alice = await open(strict, 'alice', { localAddress: '127.0.0.23' });
    const code = async (message: Record<string, unknown>): Promise<string> => {
      const reply = await alice.request(message);
      return reply.type === 'ack' ? 'ack' : String(reply.payload?.code);
    };
    expect(await code({ type: 'subscribe', channel: 'private:bob' })).toBe('forbidden');
    expect(await code({ type: 'subscribe', channel: 'private:alice' })).toBe('ack');
    expect(await code({ type: 'subscribe', channel: 'announcements:all' })).toBe('ack');
    expect(await code({ type: 'publish', channel: 'announcements:all', payload: 1 })).toBe('forbidden');
    expect(await code({ type: 'publish', channel: 'private:alice', payload: 1 })).toBe('ack');
    expect(alice.ws.readyState).toBe(alice.ws.OPEN);
  });

  it('a handshake flood from one IP gets 429 while another IP still connects', async () => {
    const tok = await token('flooding-ip');
    const statuses: number[] = [];
    const failures = await pool(150, 10, async () => {
      statuses.push((await handshake(strict.port, { token: tok, localAddress: '127.0.0.30' })).status);
    });
    expect(failures).toEqual([]);
    const accepted = statuses.filter((s) => s === 101).length;
    const limited = statuses.filter((s) => s === 429).length;
    expect(accepted + limited).toBe(150);
    expect(accepted).toBeGreaterThanOrEqual(55); // the burst: WS_HANDSHAKE_RATE=60 per minute (the default)
    expect(accepted).toBeLessThanOrEqual(70);
    expect((await handshake(strict.port, { token: await token('other-ip'), localAddress: '127.0.0.31' })).status).toBe(101);
    figures['handshake flood from one IP'] = { attempts: 150, accepted, refused429: limited };
  }, 60_000);
});

describe('heartbeat', () => {
  async function watch(channel: string, ip: string): Promise<Client> {
    const watcher = await open(strict, `watcher-${channel}`, { localAddress: ip });
    await watcher.request({ type: 'subscribe', channel });
    return watcher;
  }

  const leaves = (watcher: Client, userId: string): Msg[] =>
    watcher.messages.filter((m) => m.type === 'presence' && m.payload?.event === 'leave' && m.payload?.userId === userId);

  it(`removes a peer frozen with SIGSTOP within two intervals (${HEARTBEAT_MS} ms) and tells the room once`, async () => {
    const channel = 'hb-sigstop';
    const watcher = await watch(channel, '127.0.0.40');
    const peer = spawn(process.execPath, [PEER, wsUrl(strict.port), await token('frozen'), channel, '127.0.0.41'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(peer);
    let output = '';
    peer.stdout.on('data', (d: Buffer) => (output += d.toString()));
    peer.stderr.on('data', (d: Buffer) => (output += d.toString()));
    await until(() => output.includes(`subscribed ${channel}`), `the peer process to subscribe (${output})`, 15_000);
    await watcher.next((m) => m.type === 'presence' && m.payload?.event === 'join', 'the frozen peer joining');

    const stoppedAt = Date.now();
    peer.kill('SIGSTOP');
    const left = await watcher.next((m) => m.type === 'presence' && m.payload?.event === 'leave', 'the leave presence', 4 * HEARTBEAT_MS + 2000);
    const detectedMs = Date.now() - stoppedAt;
    expect(left.payload.userId).toBe('frozen');
    expect(detectedMs).toBeLessThanOrEqual(2 * HEARTBEAT_MS + 400);
    await sleep(2 * HEARTBEAT_MS);
    expect(leaves(watcher, 'frozen')).toHaveLength(1);
    peer.kill('SIGKILL');
    figures['heartbeat: SIGSTOP peer detected after (ms)'] = detectedMs;
  }, 30_000);

  it('removes a client that never answers pings within two intervals and tells the room once', async () => {
    const channel = 'hb-nopong';
    const watcher = await watch(channel, '127.0.0.42');
    const mute = await open(strict, 'mute', { autoPong: false, localAddress: '127.0.0.43' });
    await mute.request({ type: 'subscribe', channel });
    const since = Date.now(); // its last sign of life
    const closed = await mute.closedWithin(4 * HEARTBEAT_MS + 2000);
    const detectedMs = Date.now() - since;
    expect(closed.code).toBe(1006);
    expect(detectedMs).toBeLessThanOrEqual(2 * HEARTBEAT_MS + 400);
    await watcher.next((m) => m.type === 'presence' && m.payload?.event === 'leave', 'the leave presence');
    await sleep(2 * HEARTBEAT_MS);
    expect(leaves(watcher, 'mute')).toHaveLength(1);
    expect(watcher.ws.readyState).toBe(watcher.ws.OPEN);
    figures['heartbeat: no-pong peer detected after (ms)'] = detectedMs;
  }, 30_000);
});

describe('graceful shutdown', () => {
  const CLIENTS = 500;

  it(`close() with ${CLIENTS} clients: every one gets 1001 and the process then exits by itself (no open handles)`, async () => {
    const server = await startServer({ ...HOSTILE_ENV });
    const tok = await token('leaving');
    const connected: Client[] = [];
    const failures = await pool(CLIENTS, 25, async (i) => {
      const client = await connect(server.port, { token: tok });
      connected.push(client);
      if (i % 5 === 0) await client.request({ type: 'subscribe', channel: `bye-${i % 10}` });
    });
    expect(failures).toEqual([]);
    expect((await server.stats()).connections).toBe(CLIENTS);

    const started = Date.now();
    await server.call('close', {}, 30_000);
    const closeMs = Date.now() - started;
    const codes = await Promise.all(connected.map((c) => c.closedWithin(10_000).then((closed) => closed.code)));
    expect(codes.filter((code) => code !== 1001)).toEqual([]);
    const exit = await within(server.exited, 'the server process to exit by itself after close()', 10_000);
    expect(exit).toEqual({ code: 0, signal: null });
    figures['shutdown'] = { clients: CLIENTS, closeMs, exitedAfterMs: Date.now() - started };
  }, 90_000);

  it('with WS_HANDLE_SIGNALS=true, SIGTERM closes every client with 1001, then the process ends as SIGTERM would', async () => {
    const server = await startServer({ ...HOSTILE_ENV, WS_HANDLE_SIGNALS: 'true' });
    const tok = await token('signalled');
    const members = await Promise.all(Array.from({ length: 20 }, () => connect(server.port, { token: tok })));
    server.child.kill('SIGTERM');
    const codes = await Promise.all(members.map((c) => c.closedWithin(10_000).then((closed) => closed.code)));
    expect(new Set(codes)).toEqual(new Set([1001]));
    expect(await within(server.exited, 'the process to end after SIGTERM', 10_000)).toEqual({ code: null, signal: 'SIGTERM' });
  }, 60_000);
});
