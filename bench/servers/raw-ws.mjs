// The floor: a minimal but honest `ws` server speaking the generated protocol (ws-server.v1). noServer +
// upgrade, JWT verified before the switch, every message parsed and routed by type through a Map, rooms in a
// Map with per-user presence, a broadcast serialised once, heartbeat pings. No rate limit, no hooks, no queue.
import { randomUUID } from 'node:crypto';
import { WebSocket, WebSocketServer } from 'ws';
import { CHANNEL_PATTERN, bearerToken, createHttpServer, createVerifier, serve } from './common.mjs';

const PROTOCOL = 'ws-server.v1';
const PATH = process.env.BENCH_WS_PATH ?? '/ws';
const HEARTBEAT_MS = 30_000;
const verify = await createVerifier(process.env.WS_JWT_SECRET);

const server = createHttpServer();
const wss = new WebSocketServer({
  noServer: true,
  clientTracking: false,
  perMessageDeflate: false,
  maxPayload: 1 << 20,
  handleProtocols: (offered) => (offered.has(PROTOCOL) ? PROTOCOL : false),
});
const connections = new Set();
/** channel -> { conns: Set<conn>, users: Map<userId, local connection count> } */
const rooms = new Map();

function reject(socket, status) {
  socket.end(`HTTP/1.1 ${status} Refused\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}

server.on('upgrade', (req, socket, head) => {
  const q = req.url.indexOf('?');
  if ((q === -1 ? req.url : req.url.slice(0, q)) !== PATH) return reject(socket, 404);
  socket.on('error', () => {});
  const token = bearerToken(req);
  if (token === null) return reject(socket, 401);
  verify(token).then(
    (userId) => wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, userId)),
    () => reject(socket, 401),
  );
});

function onConnection(ws, userId) {
  const conn = { id: randomUUID(), userId, ws, channels: new Set(), alive: true };
  connections.add(conn);
  ws.on('pong', () => {
    conn.alive = true;
  });
  ws.on('message', (data, isBinary) => onMessage(conn, data, isBinary));
  ws.on('error', () => {});
  ws.on('close', () => {
    connections.delete(conn);
    for (const channel of conn.channels) leave(conn, channel);
  });
  ws.send(JSON.stringify({ type: 'welcome', payload: { connectionId: conn.id, userId, protocol: PROTOCOL } }));
}

const handlers = new Map([
  ['echo', (conn, msg) => reply(conn, msg.correlationId, msg.payload ?? null)],
  ['subscribe', onSubscribe],
  ['unsubscribe', (conn, msg) => {
    if (!CHANNEL_PATTERN.test(msg.channel)) return fail(conn, msg.correlationId, 'invalid_channel');
    leave(conn, msg.channel);
    reply(conn, msg.correlationId, { channel: msg.channel });
  }],
  ['publish', onPublish],
]);

function onMessage(conn, data, isBinary) {
  conn.alive = true;
  if (isBinary) return conn.ws.close(1003, 'binary messages are not supported');
  let msg;
  try {
    msg = JSON.parse(data.toString('utf8'));
  } catch {
    return conn.ws.close(1008, 'invalid JSON');
  }
  if (typeof msg !== 'object' || msg === null || Array.isArray(msg) || typeof msg.type !== 'string') {
    return conn.ws.close(1008, 'a message must be an object with a string "type"');
  }
  const handler = handlers.get(msg.type);
  if (handler === undefined) return fail(conn, msg.correlationId, 'unknown_type');
  handler(conn, msg);
}

function onSubscribe(conn, msg) {
  const channel = msg.channel;
  if (typeof channel !== 'string' || !CHANNEL_PATTERN.test(channel)) return fail(conn, msg.correlationId, 'invalid_channel');
  let room = rooms.get(channel);
  if (room === undefined) {
    room = { conns: new Set(), users: new Map() };
    rooms.set(channel, room);
  }
  if (!room.conns.has(conn)) {
    room.conns.add(conn);
    conn.channels.add(channel);
    const count = (room.users.get(conn.userId) ?? 0) + 1;
    room.users.set(conn.userId, count);
    if (count === 1) {
      broadcast(room, JSON.stringify({ type: 'presence', channel, payload: { event: 'join', userId: conn.userId } }), conn);
    }
  }
  reply(conn, msg.correlationId, { channel, members: [...room.users.keys()].sort() });
}

function onPublish(conn, msg) {
  const channel = msg.channel;
  if (typeof channel !== 'string' || !CHANNEL_PATTERN.test(channel)) return fail(conn, msg.correlationId, 'invalid_channel');
  const room = rooms.get(channel);
  if (room === undefined || !room.conns.has(conn)) return fail(conn, msg.correlationId, 'not_subscribed');
  broadcast(room, JSON.stringify({ type: 'message', channel, payload: msg.payload ?? null, from: conn.userId }), conn);
  reply(conn, msg.correlationId, { channel });
}

function leave(conn, channel) {
  const room = rooms.get(channel);
  if (room === undefined || !room.conns.delete(conn)) return;
  conn.channels.delete(channel);
  const count = (room.users.get(conn.userId) ?? 1) - 1;
  if (count > 0) {
    room.users.set(conn.userId, count);
  } else {
    room.users.delete(conn.userId);
    broadcast(room, JSON.stringify({ type: 'presence', channel, payload: { event: 'leave', userId: conn.userId } }), null);
  }
  if (room.conns.size === 0) rooms.delete(channel);
}

/** Serialised once by the caller; the same string goes to every member but `except`. */
function broadcast(room, data, except) {
  for (const member of room.conns) {
    if (member !== except && member.ws.readyState === WebSocket.OPEN) member.ws.send(data);
  }
}

function reply(conn, correlationId, payload) {
  if (conn.ws.readyState === WebSocket.OPEN) conn.ws.send(JSON.stringify({ type: 'ack', correlationId, payload }));
}

function fail(conn, correlationId, code) {
  if (conn.ws.readyState === WebSocket.OPEN) {
    conn.ws.send(JSON.stringify({ type: 'error', correlationId, payload: { code, message: code } }));
  }
}

const heartbeat = setInterval(() => {
  for (const conn of connections) {
    if (!conn.alive) {
      conn.ws.terminate();
      continue;
    }
    conn.alive = false;
    conn.ws.ping();
  }
}, HEARTBEAT_MS);
heartbeat.unref();

await serve(server);
