// The load generator's clients, one per server protocol, with one interface:
//   open() resolves on `welcome`; send(type, channel, payload, correlationId); close();
//   onReply(correlationId, payload, isError) and onMessage(channel, payload) are set by the scenario.
// Both speak over the same `ws` client, so the load generator's own cost per message is alike for every
// variant: Socket.IO is spoken at the wire level (Engine.IO 4 / Socket.IO 5 text packets), not through
// socket.io-client, whose heavier client would steal more of the shared CPU from the server it measures.
import { WebSocket } from 'ws';

export const PROTOCOL = 'ws-server.v1';
const OPEN_TIMEOUT_MS = 30_000;

function noop() {}

class BaseClient {
  constructor(url, token) {
    this.url = url;
    this.token = token;
    this.ws = null;
    this.userId = null;
    this.closed = false;
    this.closeCode = null;
    this.presence = 0;
    this.lastActivity = 0;
    this.onReply = noop;
    this.onMessage = noop;
    this.onClose = noop;
  }

  /** Resolves when the server's welcome arrives; rejects on refusal, error or timeout. */
  open() {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error(`no welcome within ${OPEN_TIMEOUT_MS} ms from ${this.url}`)), OPEN_TIMEOUT_MS);
      const fail = (error) => {
        clearTimeout(timer);
        this.ws?.terminate();
        reject(error);
      };
      this.welcomed = (userId) => {
        clearTimeout(timer);
        this.userId = userId;
        resolve(this);
      };
      this.refused = fail;
      const ws = this.createSocket();
      this.ws = ws;
      ws.on('message', (data) => this.receive(data.toString()));
      ws.on('unexpected-response', (_req, res) => fail(new Error(`handshake refused: HTTP ${res.statusCode}`)));
      ws.on('error', (error) => {
        if (this.userId === null) fail(error);
      });
      ws.on('close', (code) => {
        this.closed = true;
        this.closeCode = code;
        if (this.userId === null) fail(new Error(`closed with ${code} before the welcome`));
        else this.onClose(code);
      });
    });
  }

  /** Closes and resolves when the socket is closed (terminated after 2 s). */
  close() {
    if (this.ws === null || this.closed || this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.ws.terminate();
        resolve();
      }, 2000);
      this.ws.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      this.ws.close(1000);
    });
  }

  get bufferedAmount() {
    return this.ws.bufferedAmount;
  }
}

/** The generated protocol (ws-server.v1), spoken by the generated server and the raw ws baseline. */
export class WsProtocolClient extends BaseClient {
  createSocket() {
    return new WebSocket(this.url, [PROTOCOL], {
      headers: { authorization: `Bearer ${this.token}` },
      perMessageDeflate: false,
    });
  }

  receive(text) {
    const msg = JSON.parse(text);
    switch (msg.type) {
      case 'message':
        return this.onMessage(msg.channel, msg.payload);
      case 'ack':
        return this.onReply(msg.correlationId, msg.payload, false);
      case 'error':
        return this.onReply(msg.correlationId, msg.payload, true);
      case 'presence':
        this.presence += 1;
        this.lastActivity = performance.now();
        return;
      case 'welcome':
        return this.welcomed(msg.payload.userId);
      default:
        throw new Error(`unexpected message type ${JSON.stringify(msg.type)}`);
    }
  }

  send(type, channel, payload, correlationId) {
    this.ws.send(JSON.stringify({ type, channel, payload, correlationId }));
  }
}

/** Socket.IO: events `echo(payload)`, `subscribe(channel)`, `publish(channel, payload)` with acks. */
export class SocketIoClient extends BaseClient {
  createSocket() {
    const url = new URL(this.url);
    url.pathname = '/socket.io/';
    url.search = '?EIO=4&transport=websocket';
    return new WebSocket(url.href, { perMessageDeflate: false });
  }

  receive(text) {
    const engine = text.charCodeAt(0);
    if (engine === 50 /* 2: ping */) return this.ws.send('3');
    if (engine === 48 /* 0: open */) return this.ws.send(`40${JSON.stringify({ token: this.token })}`);
    if (engine !== 52 /* 4: message */) return;
    const kind = text.charCodeAt(1);
    if (kind === 51 /* 3: ack */) {
      let i = 2;
      while (text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
      const id = Number(text.slice(2, i));
      const [payload] = JSON.parse(text.slice(i));
      const isError = payload !== null && typeof payload === 'object' && 'error' in payload;
      return this.onReply(id, payload, isError);
    }
    if (kind === 50 /* 2: event */) {
      const [name, arg] = JSON.parse(text.slice(2));
      if (name === 'message') return this.onMessage(arg.channel, arg.payload);
      if (name === 'presence') {
        this.presence += 1;
        this.lastActivity = performance.now();
        return;
      }
      if (name === 'welcome') return this.welcomed(arg.userId);
      throw new Error(`unexpected Socket.IO event ${JSON.stringify(name)}`);
    }
    if (kind === 52 /* 4: connect_error */) return this.refused(new Error(`Socket.IO refused: ${text.slice(2)}`));
    // 40 (connected) needs nothing: the welcome event follows.
  }

  send(type, channel, payload, correlationId) {
    const args = type === 'echo' ? [type, payload] : type === 'publish' ? [type, channel, payload] : [type, channel];
    this.ws.send(`42${correlationId}${JSON.stringify(args)}`);
  }
}

export function createClient(protocol, url, token) {
  if (protocol === 'ws') return new WsProtocolClient(url, token);
  if (protocol === 'sio') return new SocketIoClient(url, token);
  throw new Error(`unknown client protocol ${JSON.stringify(protocol)}`);
}

/** Signs HS256 tokens (one per user id, cached), valid for two hours. */
export function createSigner(secret) {
  const cache = new Map();
  let jose;
  const key = new TextEncoder().encode(secret);
  return async (sub) => {
    let token = cache.get(sub);
    if (token === undefined) {
      jose ??= await import('jose');
      token = await new jose.SignJWT({})
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(sub)
        .setIssuedAt()
        .setExpirationTime('2h')
        .sign(key);
      cache.set(sub, token);
    }
    return token;
  };
}
