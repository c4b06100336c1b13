// Socket.IO 4 speaking the same operations as events: websocket transport only, rooms, per-user presence,
// JWT (the `auth.token` of the handshake) verified by a middleware, acks for replies.
import { Server } from 'socket.io';
import { CHANNEL_PATTERN, createHttpServer, createVerifier, serve } from './common.mjs';

const PROTOCOL = 'ws-server.v1';
const verify = await createVerifier(process.env.WS_JWT_SECRET);
const server = createHttpServer();
const io = new Server(server, {
  transports: ['websocket'],
  serveClient: false,
  perMessageDeflate: false,
  maxHttpBufferSize: 1 << 20,
});
/** channel -> Map<userId, local connection count> (Socket.IO's adapter keeps the sockets of each room). */
const presence = new Map();

io.use((socket, next) => {
  const token = socket.handshake.auth?.token;
  if (typeof token !== 'string') return next(new Error('unauthorized'));
  verify(token).then(
    (userId) => {
      socket.data.userId = userId;
      next();
    },
    () => next(new Error('unauthorized')),
  );
});

io.on('connection', (socket) => {
  const userId = socket.data.userId;
  socket.emit('welcome', { connectionId: socket.id, userId, protocol: PROTOCOL });

  socket.on('echo', (payload, ack) => {
    if (typeof ack === 'function') ack(payload ?? null);
  });

  socket.on('subscribe', (channel, ack) => {
    if (typeof ack !== 'function') return;
    if (typeof channel !== 'string' || !CHANNEL_PATTERN.test(channel)) return ack({ error: 'invalid_channel' });
    if (!socket.rooms.has(channel)) {
      socket.join(channel);
      let users = presence.get(channel);
      if (users === undefined) {
        users = new Map();
        presence.set(channel, users);
      }
      const count = (users.get(userId) ?? 0) + 1;
      users.set(userId, count);
      if (count === 1) socket.to(channel).emit('presence', { channel, payload: { event: 'join', userId } });
    }
    ack({ channel, members: [...presence.get(channel).keys()].sort() });
  });

  socket.on('unsubscribe', (channel, ack) => {
    if (socket.rooms.has(channel)) leave(socket, channel);
    if (typeof ack === 'function') ack({ channel });
  });

  socket.on('publish', (channel, payload, ack) => {
    if (typeof ack !== 'function') return;
    if (typeof channel !== 'string' || !CHANNEL_PATTERN.test(channel)) return ack({ error: 'invalid_channel' });
    if (!socket.rooms.has(channel)) return ack({ error: 'not_subscribed' });
    socket.to(channel).emit('message', { channel, payload: payload ?? null, from: userId });
    ack({ channel });
  });

  socket.on('disconnecting', () => {
    for (const channel of socket.rooms) if (channel !== socket.id) leave(socket, channel);
  });
});

function leave(socket, channel) {
  socket.leave(channel);
  const users = presence.get(channel);
  if (users === undefined) return;
  const userId = socket.data.userId;
  const count = (users.get(userId) ?? 1) - 1;
  if (count > 0) return void users.set(userId, count);
  users.delete(userId);
  if (users.size === 0) presence.delete(channel);
  socket.to(channel).emit('presence', { channel, payload: { event: 'leave', userId } });
}

await serve(server, { close: () => new Promise((resolve) => io.close(() => resolve())) });
