// The load generator: one process shared by every variant of a run, driven by the orchestrator over IPC.
// It holds groups of connected clients ("prepare"), runs measured phases on them ("echo", "fanout") and
// closes them ("close"). Every figure it returns is counted here, with one clock: send times and receive
// times are both read in this process.
import { createClient, createSigner } from './clients.mjs';
import { Samples } from './percentiles.mjs';

const CONNECT_CONCURRENCY = 100;
const QUIET_MS = 150;
const QUIET_LIMIT_MS = 60_000;

if (typeof process.send !== 'function') throw new Error('BENCH: start the load generator with child_process.fork()');
const secret = process.env.BENCH_JWT_SECRET;
if (!secret) throw new Error('BENCH_JWT_SECRET is not set');
const sign = createSigner(secret);
const groups = new Map();

process.on('message', (msg) => {
  const handler = commands[msg.cmd];
  const work = handler ? handler(msg.args ?? {}) : Promise.reject(new Error(`unknown command ${msg.cmd}`));
  Promise.resolve(work).then(
    (result) => process.send({ id: msg.id, ok: true, result }),
    (error) => process.send({ id: msg.id, ok: false, error: String(error?.stack ?? error) }),
  );
});
process.on('disconnect', () => process.exit(0));

const commands = {
  prepare,
  echo,
  fanout,
  close: async ({ key }) => {
    const group = groups.get(key);
    groups.delete(key);
    if (group) await mapLimit(group.all, CONNECT_CONCURRENCY, (c) => c.close());
    return null;
  },
  cpu: async () => process.cpuUsage(),
};

/** Runs fn over items, at most `limit` at a time. */
async function mapLimit(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

async function connect(protocol, url, userId) {
  const client = createClient(protocol, url, await sign(userId));
  await client.open();
  return client;
}

/**
 * kind "clients": `clients` connections, spread round-robin over `urls`; `connectionsPerUser` consecutive
 * clients share a user id (1 by default: one user each).
 * kind "room": a publisher on `publisherUrl` and `clients` subscribers over `urls`, all joined to `channel`
 * (the publisher too: the protocol only lets members publish); returns once presence traffic has settled.
 */
async function prepare({ key, kind, protocol, urls, publisherUrl, clients, userPrefix, channel, connectionsPerUser = 1 }) {
  if (groups.has(key)) throw new Error(`group ${key} exists`);
  const started = performance.now();
  const subscribers = await mapLimit(Array.from({ length: clients }), CONNECT_CONCURRENCY, (_, i) =>
    connect(protocol, urls[i % urls.length], `${userPrefix}-${Math.floor(i / connectionsPerUser)}`),
  );
  const group = { key, kind, protocol, subscribers, all: [...subscribers], publisher: null, channel, nextSeq: 1, nextCorrelation: 1 };
  groups.set(key, group);
  if (kind === 'room') {
    group.publisher = await connect(protocol, publisherUrl, `${userPrefix}-publisher`);
    group.all.push(group.publisher);
    let correlation = 1;
    const join = (client) =>
      new Promise((resolve, reject) => {
        const id = correlation++;
        client.onReply = (cid, payload, isError) => {
          if (cid !== id) return;
          client.onReply = () => {};
          if (isError) reject(new Error(`subscribe refused: ${JSON.stringify(payload)}`));
          else resolve();
        };
        client.send('subscribe', channel, undefined, id);
      });
    await join(group.publisher);
    await mapLimit(subscribers, CONNECT_CONCURRENCY, join);
    await quiet(group.all);
  }
  return { connected: group.all.length, setupMs: performance.now() - started };
}

/** Waits until no presence message has arrived for QUIET_MS. */
async function quiet(clients) {
  const limit = performance.now() + QUIET_LIMIT_MS;
  for (;;) {
    const last = clients.reduce((m, c) => Math.max(m, c.lastActivity), 0);
    const now = performance.now();
    if (now - last >= QUIET_MS || now > limit) return;
    await sleep(QUIET_MS - (now - last));
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(1, ms)));

function groupOf(key) {
  const group = groups.get(key);
  if (!group) throw new Error(`no group ${key}: prepare it first`);
  return group;
}

function pad(bytes) {
  return 'x'.repeat(Math.max(0, bytes));
}

/**
 * Request/ack on every client of the group. intervalMs = 0: closed loop (the next request when the ack
 * arrives); > 0: one request per interval per client, whatever is outstanding (a well-behaved client).
 * Stops sending after durationMs or maxPerClient requests per client, then waits (at most drainMs) for
 * every reply. Each reply must carry its own request's payload back.
 */
function echo({ key, durationMs, maxPerClient = 0, intervalMs = 0, payloadBytes = 64, drainMs = 10_000 }) {
  const group = groupOf(key);
  const d = pad(payloadBytes);
  const latency = new Samples(4096);
  let running = true;
  let sent = 0;
  let received = 0;
  let errors = 0;
  let mismatched = 0;
  let lastReplyAt = 0;
  const timers = [];
  const started = performance.now();

  return new Promise((resolve) => {
    const finish = () => {
      for (const t of timers) clearTimeout(t);
      for (const c of group.subscribers) {
        c.onReply = () => {};
      }
      const elapsedMs = Math.max(1, (lastReplyAt || performance.now()) - started);
      resolve({
        sent,
        received,
        deliveries: received,
        lost: sent - received,
        errors,
        mismatched,
        elapsedMs,
        latency: latency.summary(),
      });
    };
    const maybeFinish = () => {
      if (!running && received + errors >= sent) finish();
    };
    const request = (client) => {
      const id = group.nextCorrelation++;
      client.pending.set(id, performance.now());
      client.count += 1;
      sent += 1;
      client.send('echo', undefined, { seq: id, d }, id);
    };
    for (const client of group.subscribers) {
      client.pending = new Map();
      client.count = 0;
      client.onReply = (id, payload, isError) => {
        const at = client.pending.get(id);
        if (at === undefined) return;
        client.pending.delete(id);
        const now = performance.now();
        lastReplyAt = now;
        if (isError) errors += 1;
        else {
          received += 1;
          latency.push(now - at);
          if (payload?.seq !== id) mismatched += 1;
        }
        if (intervalMs === 0 && running && (maxPerClient === 0 || client.count < maxPerClient)) request(client);
        else maybeFinish();
      };
    }
    if (intervalMs === 0) {
      for (const client of group.subscribers) request(client);
    } else {
      group.subscribers.forEach((client, i) => {
        const tick = () => {
          if (!running) return;
          if (maxPerClient > 0 && client.count >= maxPerClient) return void maybeStop();
          request(client);
          timers.push(setTimeout(tick, intervalMs));
        };
        // Stagger the clients over one interval.
        timers.push(setTimeout(tick, (intervalMs * i) / group.subscribers.length));
      });
    }
    const maybeStop = () => {
      if (group.subscribers.every((c) => c.count >= maxPerClient)) stop();
    };
    const stop = () => {
      if (!running) return;
      running = false;
      timers.push(setTimeout(finish, drainMs));
      maybeFinish();
    };
    timers.push(setTimeout(stop, durationMs));
    if (maxPerClient > 0 && intervalMs === 0) {
      // Closed loop with a cap: stop as soon as every client has sent its share.
      const poll = setInterval(() => {
        if (!running) return clearInterval(poll);
        if (group.subscribers.every((c) => c.count >= maxPerClient)) {
          clearInterval(poll);
          stop();
        }
      }, 5);
      timers.push(poll);
    }
  });
}

/**
 * The publisher publishes to the room; every subscriber must receive every message exactly once, in order.
 * ratePerSec = 0: saturated, at most `window` messages not yet received by every subscriber;
 * ratePerSec > 0: paced at that rate. Stops after durationMs or maxMessages, then drains (at most drainMs).
 */
function fanout({ key, durationMs, maxMessages = 0, window = 8, ratePerSec = 0, payloadBytes = 64, drainMs = 10_000 }) {
  const group = groupOf(key);
  const { publisher, subscribers, channel } = group;
  const n = subscribers.length;
  const d = pad(payloadBytes);
  const base = group.nextSeq;
  const sendTimes = [];
  const received = [];
  const latency = new Samples(Math.min(1 << 20, 4096 * n));
  const lastLatency = new Samples(4096);
  let running = true;
  let sent = 0;
  let complete = 0;
  let deliveries = 0;
  let duplicates = 0;
  let outOfOrder = 0;
  let strays = 0;
  let acks = 0;
  let errors = 0;
  let lastAt = 0;
  let timer = null;
  let pacer = null;
  let drainTimer = null;
  const started = performance.now();

  return new Promise((resolve) => {
    const finish = () => {
      clearTimeout(timer);
      clearTimeout(pacer);
      clearTimeout(drainTimer);
      group.nextSeq = base + sent;
      publisher.onReply = () => {};
      for (const s of subscribers) s.onMessage = () => {};
      const expected = sent * n;
      resolve({
        messages: sent,
        recipients: n,
        expected,
        deliveries,
        lost: expected - deliveries,
        duplicates,
        outOfOrder,
        strays,
        acks,
        errors,
        elapsedMs: Math.max(1, (lastAt || performance.now()) - started),
        latency: latency.summary(),
        lastLatency: lastLatency.summary(),
      });
    };
    const done = () => !running && complete >= sent && acks + errors >= sent;
    const publish = () => {
      const seq = base + sent;
      sendTimes.push(performance.now());
      received.push(0);
      sent += 1;
      publisher.send('publish', channel, { seq, d }, seq);
      if (maxMessages > 0 && sent >= maxMessages) stop();
    };
    const pump = () => {
      while (running && sent - complete < window) publish();
    };
    const stop = () => {
      if (!running) return;
      running = false;
      clearTimeout(timer);
      clearTimeout(pacer);
      drainTimer = setTimeout(finish, drainMs);
      if (done()) finish();
    };
    publisher.onReply = (_id, _payload, isError) => {
      if (isError) errors += 1;
      else acks += 1;
      if (done()) finish();
    };
    for (const sub of subscribers) {
      sub.nextSeq = base;
      sub.onMessage = (ch, payload) => {
        const seq = payload?.seq;
        const idx = typeof seq === 'number' ? seq - base : -1;
        if (ch !== channel || idx < 0 || idx >= sent) return void (strays += 1);
        if (seq < sub.nextSeq) return void (duplicates += 1);
        if (seq > sub.nextSeq) outOfOrder += 1;
        sub.nextSeq = seq + 1;
        deliveries += 1;
        const now = performance.now();
        lastAt = now;
        latency.push(now - sendTimes[idx]);
        if (++received[idx] === n) {
          lastLatency.push(now - sendTimes[idx]);
          complete += 1;
          if (running && ratePerSec === 0) pump();
          else if (done()) finish();
        }
      };
    }
    timer = setTimeout(stop, durationMs);
    if (ratePerSec === 0) {
      pump();
    } else {
      // Paced: every message is sent at its due time (catching up at once when the event loop was late).
      const tick = () => {
        if (!running) return;
        const due = Math.floor(((performance.now() - started) * ratePerSec) / 1000) + 1;
        while (running && sent < due) publish();
        if (running) pacer = setTimeout(tick, Math.max(0, started + (sent * 1000) / ratePerSec - performance.now()));
      };
      tick();
    }
  });
}
