import type { IncomingHttpHeaders } from 'node:http';
import WebSocket from 'ws';

/** A server -> client envelope as the tests see it. */
export interface Envelope {
  type: string;
  channel?: string;
  payload?: any;
  correlationId?: string;
  from?: string;
  [key: string]: unknown;
}

export interface CloseInfo {
  code: number;
  reason: string;
  /** Date.now() when the close was observed. */
  at: number;
}

export interface ConnectOptions {
  /** Sent as `Authorization: Bearer <token>` unless tokenVia says otherwise. */
  token?: string;
  tokenVia?: 'header' | 'subprotocol' | 'query';
  headers?: Record<string, string>;
  /** Subprotocols offered (the token ones are added by tokenVia: 'subprotocol'). */
  protocols?: string[];
  origin?: string;
  /** ws answers pings by default; false makes a half-open peer that never pongs. */
  autoPong?: boolean;
  timeoutMs?: number;
  /** For wss:// to a server with a self-signed certificate: trust exactly this CA (PEM). */
  ca?: string | Buffer;
}

export type Handshake =
  | { kind: 'open'; client: TestClient }
  | { kind: 'rejected'; status: number; headers: IncomingHttpHeaders; body: string }
  | { kind: 'error'; error: Error };

let seq = 0;

/** A ws client that records every message and its close, with waits bounded in time. */
export class TestClient {
  readonly messages: Envelope[] = [];
  readonly rawMessages: (string | Buffer)[] = [];
  openedAt = 0;
  closeInfo: CloseInfo | null = null;
  private waiters = new Set<() => void>();
  private closedPromise: Promise<CloseInfo>;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      const raw = isBinary ? (data as Buffer) : data.toString();
      this.rawMessages.push(raw);
      if (typeof raw === 'string') {
        try {
          this.messages.push(JSON.parse(raw) as Envelope);
        } catch {
          this.messages.push({ type: '__unparseable__', payload: raw });
        }
      }
      this.wake();
    });
    this.closedPromise = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        this.closeInfo = { code, reason: reason.toString(), at: Date.now() };
        this.wake();
        resolve(this.closeInfo);
      });
    });
    ws.on('error', () => {
      /* surfaced through close */
    });
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** The number of messages so far: pass it as `since` to wait only for later ones. */
  mark(): number {
    return this.messages.length;
  }

  send(msg: unknown): void {
    this.ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
  }

  /** Resolve with the first message (at index >= since) matching pred; reject after timeoutMs. */
  waitFor(pred: (m: Envelope) => boolean, opts: { timeoutMs?: number; since?: number; what?: string } = {}): Promise<Envelope> {
    const timeoutMs = opts.timeoutMs ?? 3000;
    const since = opts.since ?? 0;
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        for (let i = since; i < this.messages.length; i++) {
          const m = this.messages[i]!;
          if (pred(m)) {
            done();
            resolve(m);
            return true;
          }
        }
        if (this.closeInfo) {
          done();
          reject(new Error(`connection closed (${this.closeInfo.code} ${this.closeInfo.reason}) before ${opts.what ?? 'the expected message'}; got ${this.dump(since)}`));
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${opts.what ?? 'a matching message'}; got ${this.dump(since)}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(onWake);
      };
      const onWake = () => void check();
      if (!check()) this.waiters.add(onWake);
    });
  }

  /** Send msg with a fresh correlationId and wait for the one reply carrying it. */
  async request(msg: Omit<Envelope, 'correlationId'>, timeoutMs = 3000): Promise<Envelope> {
    const correlationId = `c${++seq}-${Math.random().toString(36).slice(2, 8)}`;
    const since = this.mark();
    this.send({ ...msg, correlationId });
    return this.waitFor((m) => m.correlationId === correlationId, { timeoutMs, since, what: `the reply to ${msg.type} (${correlationId})` });
  }

  /** Wait ms, then return the messages (at index >= since) matching pred: expect [] for "never arrives". */
  async collectFor(ms: number, pred: (m: Envelope) => boolean, since = 0): Promise<Envelope[]> {
    await new Promise((r) => setTimeout(r, ms));
    return this.messages.slice(since).filter(pred);
  }

  waitClose(timeoutMs = 3000): Promise<CloseInfo> {
    return Promise.race([
      this.closedPromise,
      new Promise<CloseInfo>((_, reject) =>
        setTimeout(() => reject(new Error(`connection still open after ${timeoutMs} ms; messages: ${this.dump(0)}`)), timeoutMs).unref(),
      ),
    ]);
  }

  /** Close politely and wait (bounded) for the close to complete. */
  async close(): Promise<void> {
    if (this.closeInfo) return;
    this.ws.close(1000);
    await this.waitClose(2000).catch(() => this.ws.terminate());
  }

  terminate(): void {
    this.ws.terminate();
  }

  dump(since: number): string {
    return JSON.stringify(this.messages.slice(since)).slice(0, 1500);
  }
}

/** Open a ws connection and report how the handshake ended: open, HTTP refusal (status), or error. */
export function openSocket(url: string, opts: ConnectOptions = {}): Promise<Handshake> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  let protocols = [...(opts.protocols ?? [])];
  let target = url;
  if (opts.token !== undefined) {
    const via = opts.tokenVia ?? 'header';
    if (via === 'header') headers.authorization = `Bearer ${opts.token}`;
    else if (via === 'subprotocol') protocols = ['ws-server.v1', `bearer.${opts.token}`, ...protocols.filter((p) => p !== 'ws-server.v1')];
    else target = `${url}${url.includes('?') ? '&' : '?'}token=${encodeURIComponent(opts.token)}`;
  }
  const ws = new WebSocket(target, protocols.length > 0 ? protocols : undefined, {
    headers,
    ...(opts.origin !== undefined ? { origin: opts.origin } : {}),
    autoPong: opts.autoPong ?? true,
    ...(opts.ca !== undefined ? { ca: opts.ca } : {}),
    handshakeTimeout: opts.timeoutMs ?? 5000,
  });
  const client = new TestClient(ws);
  return new Promise((resolve) => {
    let settled = false;
    const settle = (h: Handshake) => {
      if (settled) return;
      settled = true;
      resolve(h);
    };
    ws.once('open', () => {
      client.openedAt = Date.now();
      settle({ kind: 'open', client });
    });
    ws.once('unexpected-response', (req, res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      const finish = () => {
        settle({ kind: 'rejected', status: res.statusCode ?? 0, headers: res.headers, body });
        req.destroy();
      };
      res.on('end', finish);
      res.on('error', finish);
      res.on('close', finish);
      setTimeout(finish, 1000).unref();
    });
    ws.once('error', (error) => settle({ kind: 'error', error }));
    ws.once('close', () => settle({ kind: 'error', error: new Error('closed during the handshake') }));
  });
}

/** Open a connection that must succeed; throws with what happened otherwise. */
export async function connectClient(url: string, opts: ConnectOptions = {}): Promise<TestClient> {
  const h = await openSocket(url, opts);
  if (h.kind === 'open') return h.client;
  if (h.kind === 'rejected') throw new Error(`handshake to ${url} refused with HTTP ${h.status}: ${h.body.slice(0, 300)}`);
  throw new Error(`handshake to ${url} failed: ${h.error.message}`);
}

/** Describe a handshake outcome for assertion messages. */
export function describeHandshake(h: Handshake): string {
  if (h.kind === 'open') return `open (protocol ${JSON.stringify(h.client.ws.protocol)})`;
  if (h.kind === 'rejected') return `HTTP ${h.status} ${h.body.slice(0, 200)}`;
  return `error: ${h.error.message}`;
}
