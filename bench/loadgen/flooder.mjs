// A hostile client in its own process (so its busy loop never delays the load generator's clock): it sends
// echo requests as fast as its socket takes them, never waits for replies, and reconnects at once whenever
// the server closes it (after a refused handshake, 50 ms later). Driven over IPC: start / stop.
import { createClient, createSigner } from './clients.mjs';

const HIGH_WATER = 256 * 1024;
const BATCH = 64;
const secret = process.env.BENCH_JWT_SECRET;
if (!secret) throw new Error('BENCH_JWT_SECRET is not set');
const sign = createSigner(secret);
let state = null;

process.on('message', (msg) => {
  const work = msg.cmd === 'start' ? start(msg.args) : msg.cmd === 'stop' ? stop() : Promise.reject(new Error(`unknown command ${msg.cmd}`));
  work.then(
    (result) => process.send({ id: msg.id, ok: true, result }),
    (error) => process.send({ id: msg.id, ok: false, error: String(error?.stack ?? error) }),
  );
});
process.on('disconnect', () => process.exit(0));

async function start({ protocol, url, userId }) {
  if (state !== null) throw new Error('the flood is already running');
  const token = await sign(userId);
  const payload = { seq: 0, d: 'f'.repeat(64) };
  state = { running: true, client: null, sent: 0, answered: 0, refusedReplies: 0, connections: 0, closes: 0, refusedHandshakes: 0 };
  const s = state;
  const connect = () => {
    if (!s.running) return;
    const client = createClient(protocol, url, token);
    s.client = client;
    client.onReply = (_id, _payload, isError) => {
      if (isError) s.refusedReplies += 1;
      else s.answered += 1;
    };
    client.onClose = () => {
      s.closes += 1;
      setImmediate(connect);
    };
    client.open().then(
      () => {
        s.connections += 1;
        flood(client);
      },
      () => {
        s.refusedHandshakes += 1;
        setTimeout(connect, 50);
      },
    );
  };
  const flood = (client) => {
    if (!s.running || client.closed) return;
    for (let i = 0; i < BATCH && client.bufferedAmount < HIGH_WATER; i++) {
      s.sent += 1;
      client.send('echo', undefined, payload, s.sent);
    }
    setImmediate(flood, client);
  };
  connect();
  return null;
}

async function stop() {
  if (state === null) throw new Error('no flood is running');
  const s = state;
  s.running = false;
  state = null;
  if (s.client) {
    s.client.onClose = () => {};
    await s.client.close();
  }
  const { running: _running, client: _client, ...counts } = s;
  return counts;
}
