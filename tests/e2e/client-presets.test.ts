// The generated typed client (src/ws/client.ts) and the chat preset against a real booted app (express5-ts-esm
// scaffolded with --preset chat dashboard): the server is killed mid-session and restarted on the same port; the client
// reconnects with jittered backoff, resubscribes, and a request made after recovery succeeds. 100 clients
// dropped at once spread their retries instead of all retrying together. Chat: presence, typing, history. Dashboard: snapshot, then
// deltas; a subscriber that stops reading gets a fresh snapshot instead of a backlog.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../helpers/until.js';
import { bootApp, stopAllApps, type RunningApp } from '../helpers/boot.js';
import { FIXTURE_SPECS, tscArgv } from '../helpers/fixtures.js';
import { signToken } from '../helpers/jwt.js';
import { linkDeclaredDeps } from '../helpers/link.js';
import { describeRun, expectSuccess, run } from '../helpers/proc.js';
import { cleanupTempDirs, runCli, scaffoldFixture } from '../helpers/scaffold.js';
import { connectClient, type TestClient } from '../helpers/ws-client.js';

const spec = FIXTURE_SPECS['express5-ts-esm']!;
const secret = `client-${crypto.randomBytes(24).toString('hex')}`;
const TIMEOUT = 180_000;

/** The parts of the generated client module this test uses. */
interface ClientModule {
  WS_PATH: string;
  createClient(options: Record<string, unknown>): Client;
}
interface Client {
  readonly url: string;
  readonly state: string;
  on(type: string, listener: (message: { type: string; channel?: string; payload: unknown; from?: string }) => void): () => void;
  onState(event: string, listener: (value: any) => void): () => void;
  opened(): Promise<void>;
  request<T = unknown>(type: string, payload?: unknown, options?: { channel?: string; timeoutMs?: number }): Promise<T>;
  subscribe(channel: string): Promise<{ channel: string; members: string[] }>;
  joinRoom(room: string): Promise<{ channel: string; members: string[]; history: { text: string; userId: string }[] }>;
  say(room: string, text: string): Promise<{ id: string; text: string; userId: string; room: string }>;
  typing(room: string): void;
  watchDashboard(channel: string): Promise<{ channel: string; seq: number; metrics: Record<string, number> }>;
  publish(channel: string, payload: unknown): Promise<unknown>;
  close(): Promise<void>;
}

let dir = '';
let port = 0;
let app: RunningApp | null = null;
let mod: ClientModule;
const clients: Client[] = [];
/** Plain ws clients (for what the typed client hides: pausing the socket). */
const raw: TestClient[] = [];

async function boot(): Promise<RunningApp> {
  app = await bootApp({
    cwd: dir,
    command: [process.execPath, ...spec.start],
    env: {
      WS_JWT_SECRET: secret,
      WS_HANDSHAKE_RATE: '0',
      WS_HEARTBEAT_MS: '1000',
      WS_DASHBOARD_INTERVAL_MS: '200',
      // Room for the lagging dashboard subscriber's backlog: it must be re-snapshotted, not closed with 1013.
      WS_MAX_PAYLOAD: String(1024 * 1024),
      WS_MAX_BUFFERED_BYTES: String(256 * 1024 * 1024),
    },
    ...(port === 0 ? {} : { port }),
  });
  port = app.port;
  return app;
}

function client(sub: string, extra: Record<string, unknown> = {}): Client {
  const c = mod.createClient({
    url: `ws://127.0.0.1:${port}/ws`,
    token: () => signToken({ sub, secret }),
    minDelayMs: 300,
    maxDelayMs: 1500,
    requestTimeoutMs: 5000,
    ...extra,
  });
  clients.push(c);
  return c;
}

describe('the generated typed client', { timeout: TIMEOUT }, () => {
  beforeAll(async () => {
    const s = await scaffoldFixture(spec.name, ['--preset', 'chat', 'dashboard']);
    expect(s.exitCode, s.stderr).toBe(0);
    expect(s.report.files).toContainEqual({ path: 'src/ws/client.ts', kind: 'owned', action: 'created' });
    expect(JSON.parse(fs.readFileSync(path.join(s.dir, 'ws-server.config.json'), 'utf8')).presets).toEqual(['chat', 'dashboard']);
    dir = s.dir;
    linkDeclaredDeps(dir);
    const [cmd, ...args] = tscArgv(dir, '-p', spec.buildProject!);
    expectSuccess(await run(cmd!, args, { cwd: dir, timeoutMs: 120_000 }), 'tsc build');
    mod = (await import(pathToFileURL(path.join(dir, 'dist/ws/client.js')).href)) as ClientModule;
    await boot();
  }, TIMEOUT);

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    for (const c of raw) c.terminate();
    await stopAllApps();
    cleanupTempDirs();
  }, TIMEOUT);

  it('offers ws-server.v1 with the token, answers requests by correlationId, rejects server errors with their code', async () => {
    const alice = client('alice');
    await alice.opened();
    expect(await alice.request('echo', { n: 1 })).toEqual({ n: 1 });
    const ack = await alice.subscribe('lobby');
    expect(ack).toEqual({ channel: 'lobby', members: ['alice'] });
    await expect(alice.request('no-such-type')).rejects.toMatchObject({ code: 'unknown_type' });
    await expect(alice.publish('elsewhere', 1)).rejects.toMatchObject({ code: 'not_subscribed' });
    await alice.close();
    expect(alice.state).toBe('closed');
    await expect(alice.request('echo', 1)).rejects.toMatchObject({ code: 'closed' });
  });

  it('without a url: in a page, the page host on WS_PATH (wss: under https:); in Node, a no_url error', async () => {
    expect(mod.WS_PATH).toBe('/ws');
    expect(() => mod.createClient({})).toThrow(/needs options\.url outside a browser.*ws:\/\/localhost:3000\/ws/);
    expect(() => mod.createClient({})).toThrow(expect.objectContaining({ code: 'no_url' }));
    const g = globalThis as { location?: { protocol: string; host: string } };
    try {
      g.location = { protocol: 'http:', host: `127.0.0.1:${port}` };
      const page = client('page', { url: undefined });
      expect(page.url).toBe(`ws://127.0.0.1:${port}/ws`);
      await page.opened();
      expect(await page.request('echo', 'from the page')).toBe('from the page');
      // Under https: the scheme is wss:. A socket class that records the URL stands in: nothing is dialled.
      g.location = { protocol: 'https:', host: 'app.example.test' };
      const dialled: string[] = [];
      const Recorder = function (url: string) {
        dialled.push(url);
        throw new Error('recorded only');
      };
      const secure = client('secure', { url: undefined, WebSocket: Recorder, maxAttempts: 0 });
      expect(secure.url).toBe('wss://app.example.test/ws');
      await until(() => secure.state === 'closed', 'the recorder dialled', 15_000);
      expect(dialled).toEqual(['wss://app.example.test/ws']);
    } finally {
      delete g.location;
    }
  });

  it('survives the server being killed and restarted: jittered retries, resubscribed, requests work again', async () => {
    const alice = client('alice');
    const bob = client('bob');
    await Promise.all([alice.opened(), bob.opened()]);
    await alice.subscribe('room-1');
    await bob.subscribe('room-1');

    const delays: number[] = [];
    const closes: number[] = [];
    alice.onState('reconnecting', (e: { delayMs: number }) => delays.push(e.delayMs));
    alice.onState('close', (e: { code: number }) => closes.push(e.code));
    let reopened = false;
    alice.onState('open', (e: { reconnected: boolean }) => (reopened = e.reconnected));

    await app!.stop(); // the process dies: an abnormal drop (1006) for every client
    await until(() => delays.length >= 3, 'alice retrying', 15_000);
    expect(closes[0]).toBe(1006);
    // A request while offline waits in the queue and is sent once the client is back.
    const queued = alice.request('echo', 'queued while offline', { timeoutMs: 15_000 });
    await boot();
    await until(() => reopened && bob.state === 'open', 'alice back', 15_000);

    // Full jitter: each delay is random in [0, cap) with the cap doubling, so they are not a fixed schedule.
    expect(new Set(delays).size, `delays ${delays.join(', ')}`).toBeGreaterThan(1);
    delays.forEach((d, i) => expect(d).toBeLessThan(Math.min(1500, 300 * 2 ** i)));

    expect(await queued).toBe('queued while offline');
    expect(await alice.request('echo', { after: 'recovery' })).toEqual({ after: 'recovery' });
    // Resubscribed: bob's publish reaches alice on the restarted server without alice subscribing again.
    const got: unknown[] = [];
    alice.on('message', (m) => got.push(m.payload));
    await bob.publish('room-1', { hello: 'again' });
    await until(() => got.length > 0, 'alice receives bob', 5000);
    expect(got).toEqual([{ hello: 'again' }]);
  });

  it('while offline: requests time out, and the offline queue is bounded', async () => {
    const nobody = await import('../helpers/boot.js').then((b) => b.getFreePort());
    const lonely = client('dave', { url: `ws://127.0.0.1:${nobody}/ws`, maxQueue: 2 });
    const first = lonely.request('echo', 1, { timeoutMs: 300 });
    const second = lonely.request('echo', 2, { timeoutMs: 300 });
    await expect(lonely.request('echo', 3)).rejects.toMatchObject({ code: 'queue_full' });
    await expect(first).rejects.toMatchObject({ code: 'timeout' });
    await expect(second).rejects.toMatchObject({ code: 'timeout' });
    await lonely.close();
  });

  it('does not reconnect after 1008 (policy violation)', async () => {
    const carol = client('carol');
    await carol.opened();
    const closed = new Promise<{ code: number; willReconnect: boolean }>((resolve) => carol.onState('close', resolve));
    carol.onState('connecting', () => {
      throw new Error('reconnected after 1008');
    });
    // A frame that is not JSON is a policy violation: the server closes with 1008.
    const raw = (carol as unknown as { socket: { send(s: string): void } }).socket;
    raw.send('not json');
    expect(await closed).toEqual({ code: 1008, reason: 'invalid JSON', willReconnect: false });
    expect(carol.state).toBe('closed');
  });

  it('an expired token (4001 from the booted app): the token source is asked again and the client is back', async () => {
    let issued = 0;
    const holder = client('expiring', { token: () => signToken({ sub: 'expiring', secret, expiresIn: issued++ === 0 ? '2s' : '10m' }) });
    const closes: number[] = [];
    holder.onState('close', (e: { code: number }) => closes.push(e.code));
    await holder.opened();
    await until(() => closes.includes(4001) && holder.state === 'open', 'the 4001 close, then a connection with a fresh token', 10_000);
    expect(closes).toEqual([4001]);
    expect(issued).toBe(2);
    expect(await holder.request('echo', 'fresh token')).toBe('fresh token');
  });

  it('close codes: 1001, 1011, 1013 and 4001 reconnect with backoff (a token asked each time); 1000, 1008 and 4003 stop', async () => {
    /** A stand-in socket (nothing is dialled): it opens, says welcome, then closes with `code`. */
    async function afterClose(code: number): Promise<{ dialled: number; tokens: number; state: string }> {
      let dialled = 0;
      let tokens = 0;
      class Scripted {
        readyState = 0;
        onopen: ((e: unknown) => void) | null = null;
        onmessage: ((e: { data: unknown }) => void) | null = null;
        onclose: ((e: { code: number; reason: string }) => void) | null = null;
        onerror: ((e: unknown) => void) | null = null;
        constructor() {
          dialled += 1;
          setTimeout(() => {
            this.readyState = 1;
            this.onopen?.({});
            const welcome = { type: 'welcome', payload: { connectionId: `c${dialled}`, userId: 'scripted', protocol: 'ws-server.v1' } };
            this.onmessage?.({ data: JSON.stringify(welcome) });
            setTimeout(() => {
              this.readyState = 3;
              this.onclose?.({ code, reason: 'scripted' });
            }, 5);
          }, 5);
        }
        send(): void {}
        close(): void {}
      }
      const c = client('scripted', { url: 'ws://127.0.0.1:1/ws', WebSocket: Scripted, token: () => `token-${++tokens}`, minDelayMs: 10, maxDelayMs: 20 });
      await c.opened();
      await new Promise((r) => setTimeout(r, 300));
      const seen = { dialled, tokens, state: c.state };
      await c.close();
      return seen;
    }
    for (const code of [1001, 1011, 1013, 4001]) {
      const seen = await afterClose(code);
      expect(seen.dialled, `reconnections after ${code}`).toBeGreaterThan(2);
      expect(seen.tokens, `a token asked before every attempt after ${code}`).toBe(seen.dialled);
    }
    for (const code of [1000, 1008, 4003]) expect(await afterClose(code), `after ${code}`).toEqual({ dialled: 1, tokens: 1, state: 'closed' });
  });

  it('100 clients dropped at once do not all retry in the same 100 ms window, and all come back', async () => {
    const many = Array.from({ length: 100 }, (_, i) => client(`user-${i}`, { minDelayMs: 1000, maxDelayMs: 4000 }));
    await Promise.all(many.map((c) => c.opened()));
    const firstRetryAt: number[] = [];
    for (const c of many) {
      const off = c.onState('connecting', (e: { attempt: number }) => {
        if (e.attempt !== 1) return;
        firstRetryAt.push(Date.now());
        off();
      });
    }
    await app!.stop();
    await until(() => firstRetryAt.length === 100, 'every first retry', 10_000);
    firstRetryAt.sort((a, b) => a - b);
    let busiest = 0;
    for (let i = 0, j = 0; i < firstRetryAt.length; i += 1) {
      while (firstRetryAt[i]! - firstRetryAt[j]! >= 100) j += 1;
      busiest = Math.max(busiest, i - j + 1);
    }
    // Uniform over 1 s, ~10 per 100 ms are expected; all 100 together would be the thundering herd.
    expect(busiest, `retries in the busiest 100 ms window`).toBeLessThan(40);
    await boot();
    await until(() => many.every((c) => c.state === 'open'), 'all 100 back', 30_000);
  });

  describe('chat preset', () => {
    it('seeds its handlers, registers them, and its generated tests (chat and dashboard) pass in the app\'s runner', async () => {
      for (const name of ['chat-join', 'chat-send', 'chat-typing']) {
        expect(fs.existsSync(path.join(dir, `src/ws/handlers/${name}.ts`)), name).toBe(true);
      }
      const registry = fs.readFileSync(path.join(dir, 'src/ws/handlers/registry.ts'), 'utf8');
      expect(registry).toContain("['chat-join', chatJoinHandler]");
      const r = await run(process.execPath, [path.join(dir, 'node_modules/vitest/vitest.mjs'), 'run', 'tests/ws/chat.test.ts', 'tests/ws/dashboard.test.ts'], { cwd: dir, timeoutMs: 120_000 });
      expect(r.exitCode, describeRun(r)).toBe(0);
      expect(`${r.stdout}${r.stderr}`).toMatch(/Tests\s+6 passed/);
    });

    it('is kept by `generate` (from "presets" in the config): nothing changes, the chat files stay', async () => {
      const r = await runCli(['generate', '--json', '--no-install', '--cwd', dir], { cwd: dir });
      expect(r.exitCode, r.stderr).toBe(0);
      const files = r.report!.files;
      expect(files.filter((f) => f.action !== 'unchanged'), 'changed by generate').toEqual([]);
      expect(files.map((f) => f.path)).toEqual(expect.arrayContaining(['src/ws/presets/chat.ts', 'src/ws/handlers/chat-send.ts', 'tests/ws/chat.test.ts']));
    });

    it('rooms over the booted app: presence, messages, throttled typing, history on join and after a reconnect', async () => {
      const room = `room-${crypto.randomBytes(4).toString('hex')}`;
      const erin = client('erin');
      const frank = client('frank');
      await Promise.all([erin.opened(), frank.opened()]);
      expect(await erin.joinRoom(room)).toEqual({ channel: room, members: ['erin'], history: [] });
      const seen: { type: string; payload: any; from?: string }[] = [];
      for (const type of ['presence', 'chat-message', 'chat-typing']) erin.on(type, (m) => seen.push(m));
      const joined = await frank.joinRoom(room);
      expect(joined.members.sort()).toEqual(['erin', 'frank']);
      await until(() => seen.some((m) => m.type === 'presence'), 'presence of frank', 15_000);
      expect(seen[0]).toMatchObject({ type: 'presence', payload: { event: 'join', userId: 'frank' } });

      const said = await frank.say(room, 'hi erin');
      await until(() => seen.some((m) => m.type === 'chat-message'), 'the message', 15_000);
      expect(seen.find((m) => m.type === 'chat-message')).toMatchObject({ payload: said, from: 'frank' });
      for (let i = 0; i < 5; i += 1) frank.typing(room);
      await until(() => seen.some((m) => m.type === 'chat-typing'), 'a typing notice', 15_000);
      await new Promise((r) => setTimeout(r, 200));
      expect(seen.filter((m) => m.type === 'chat-typing')).toEqual([expect.objectContaining({ payload: { userId: 'frank' } })]);

      // History survives in memory while the app runs: a newcomer gets it on join, and again after a reconnect.
      const gina = client('gina');
      expect((await gina.joinRoom(room)).history).toEqual([said]);
      const rejoined = new Promise<{ channel: string; type: string; result: { history: unknown[] } }>((resolve) => gina.onState('rejoined', resolve));
      (gina as unknown as { socket: { terminate(): void } }).socket.terminate(); // an abnormal drop (1006)
      const again = await rejoined;
      expect(again).toMatchObject({ channel: room, type: 'chat-join' });
      expect(again.result.history).toEqual([said]);
      await gina.close();
      await frank.close();
      await until(() => seen.some((m) => m.type === 'presence' && m.payload.event === 'leave' && m.payload.userId === 'frank'), 'frank leaving', 15_000);
    });
  });

  describe('dashboard preset', () => {
    it('over the booted app: a snapshot on subscribe, then only the changed metrics', async () => {
      const viewer = client('viewer');
      await viewer.opened();
      const deltas: { payload: any; channel?: string }[] = [];
      viewer.on('dashboard-delta', (m) => deltas.push(m));
      const snapshot = await viewer.watchDashboard('metrics:main');
      expect(snapshot.channel).toBe('metrics:main');
      expect(Object.keys(snapshot.metrics).sort()).toEqual(['heapUsedBytes', 'rssBytes', 'uptimeSeconds']);
      await until(() => deltas.length >= 2, 'two deltas', 10_000);
      for (const d of deltas) {
        expect(d.channel).toBe('metrics:main');
        expect(d.payload.seq).toBeGreaterThan(snapshot.seq);
        // Each delta carries what changed (the generated test proves unchanged metrics are left out).
        expect(Object.keys(d.payload.metrics).length).toBeGreaterThan(0);
      }
      await viewer.close();
    });

    it('over the booted app: a subscriber that stops reading gets a fresh snapshot instead of a backlog', async () => {
      const tag = crypto.randomBytes(4).toString('hex');
      const [channel, bulk] = [`metrics:lag-${tag}`, `bulk-${tag}`];
      const slow = await connectClient(`ws://127.0.0.1:${port}/ws`, { token: await signToken({ sub: 'slow', secret }) });
      raw.push(slow);
      await slow.waitFor((m) => m.type === 'welcome', { what: 'welcome' });
      expect((await slow.request({ type: 'dashboard-subscribe', channel }, 5000)).type).toBe('ack');
      expect((await slow.request({ type: 'subscribe', channel: bulk }, 5000)).type).toBe('ack');
      await slow.waitFor((m) => m.type === 'dashboard-delta', { what: 'a first delta', timeoutMs: 5000 });
      const feeder = client('feeder');
      await feeder.opened();
      await feeder.subscribe(bulk);

      // The slow client stops reading: 16 MiB of room traffic fills the kernel's buffers, then the server's.
      const socket = (slow.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
      socket.pause();
      // It still writes (the app's 1 s heartbeat counts any message as alive): behind on reading only.
      const alive = setInterval(() => slow.send({ type: 'echo', payload: 'still here' }), 200);
      const big = 'x'.repeat(1000 * 1024);
      for (let i = 0; i < 16; i += 1) await feeder.publish(bulk, big);
      const before = slow.mark();
      await new Promise((r) => setTimeout(r, 10 * 200)); // ten dashboard ticks while behind
      socket.resume();
      clearInterval(alive);

      const snapshot = await slow.waitFor((m) => m.type === 'dashboard-snapshot' && m.channel === channel, { what: 'the fresh snapshot', timeoutMs: 20_000 });
      expect(Object.keys(snapshot.payload.metrics).sort()).toEqual(['heapUsedBytes', 'rssBytes', 'uptimeSeconds']);
      const upToSnapshot = slow.messages.slice(before, slow.messages.indexOf(snapshot));
      const deltasWhileBehind = upToSnapshot.filter((m) => m.type === 'dashboard-delta').length;
      expect(deltasWhileBehind, 'deltas queued over ten ticks behind').toBeLessThanOrEqual(2);
      expect(upToSnapshot.filter((m) => m.type === 'message').length, 'the room traffic itself is all delivered').toBe(16);
      await slow.waitFor((m) => m.type === 'dashboard-delta' && m.payload.seq > snapshot.payload.seq, { what: 'deltas again after the snapshot', timeoutMs: 5000 });
      expect(slow.closeInfo, 'not closed as a slow consumer').toBeNull();
    });
  });
});
