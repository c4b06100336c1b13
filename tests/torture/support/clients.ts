// Lean ws clients for the torture suite: thousands of them, so no per-client work beyond what is asked.
import type { IncomingHttpHeaders } from 'node:http';
import WebSocket from 'ws';
import { sleep } from '../../helpers/until.js';

export { sleep, until } from '../../helpers/until.js';

export interface Msg {
  type: string;
  channel?: string;
  payload?: any;
  correlationId?: string | number;
  from?: string;
}

export interface OpenOptions {
  token?: string;
  /** Where the token goes (default: the Authorization header). */
  via?: 'header' | 'protocol' | 'query';
  /** Source address on the loopback (127.0.0.x): each one is a different client IP for the server. */
  localAddress?: string;
  autoPong?: boolean;
  path?: string;
}

export interface Closed {
  code: number;
  reason: string;
  at: number;
}

export function wsUrl(port: number, path = '/ws'): string {
  return `ws://127.0.0.1:${port}${path}`;
}

function socket(port: number, opts: OpenOptions): WebSocket {
  let url = wsUrl(port, opts.path);
  const headers: Record<string, string> = {};
  const protocols: string[] = [];
  if (opts.token !== undefined) {
    if (opts.via === 'protocol') protocols.push('ws-server.v1', `bearer.${opts.token}`);
    else if (opts.via === 'query') url += `?token=${encodeURIComponent(opts.token)}`;
    else headers['authorization'] = `Bearer ${opts.token}`;
  }
  return new WebSocket(url, protocols, {
    headers,
    autoPong: opts.autoPong ?? true,
    handshakeTimeout: 10_000,
    ...(opts.localAddress !== undefined ? { localAddress: opts.localAddress } : {}),
  });
}

export class Client {
  readonly messages: Msg[] = [];
  readonly closed: Promise<Closed>;
  closeInfo: Closed | null = null;
  private waiters: { predicate: (m: Msg) => boolean; resolve: (m: Msg) => void }[] = [];
  private lastId = 0;

  constructor(readonly ws: WebSocket) {
    this.closed = new Promise((resolve) => {
      ws.on('close', (code: number, reason: Buffer) => {
        this.closeInfo = { code, reason: reason.toString(), at: Date.now() };
        resolve(this.closeInfo);
      });
    });
    ws.on('error', () => {}); // outcomes are read from close codes and timeouts
    ws.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as Msg;
      this.messages.push(message);
      if (this.waiters.length === 0) return;
      const index = this.waiters.findIndex((w) => w.predicate(message));
      if (index !== -1) this.waiters.splice(index, 1)[0]!.resolve(message);
    });
  }

  get userId(): string {
    const welcome = this.messages.find((m) => m.type === 'welcome');
    if (welcome === undefined) throw new Error('no welcome yet');
    return welcome.payload.userId as string;
  }

  send(message: unknown): void {
    this.ws.send(JSON.stringify(message));
  }

  /** The first message (already received or to come) matching `predicate`. */
  next(predicate: (m: Msg) => boolean, what: string, ms = 5000): Promise<Msg> {
    const found = this.messages.find(predicate);
    if (found !== undefined) return Promise.resolve(found);
    return within(new Promise<Msg>((resolve) => this.waiters.push({ predicate, resolve })), what, ms);
  }

  request(message: Record<string, unknown>, ms = 5000): Promise<Msg> {
    this.lastId += 1;
    const correlationId = `r${this.lastId}`;
    this.send({ ...message, correlationId });
    return this.next((m) => m.correlationId === correlationId, `the reply to ${String(message['type'])}`, ms);
  }

  closedWithin(ms = 5000): Promise<Closed> {
    return within(this.closed, 'the close', ms);
  }
}

export function within<T>(promise: Promise<T>, what: string, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** Opens a connection and waits for its welcome. */
export async function connect(port: number, opts: OpenOptions = {}): Promise<Client> {
  const ws = socket(port, opts);
  const client = new Client(ws);
  await within(
    new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('unexpected-response', (req, res) => {
        req.destroy();
        reject(new Error(`handshake answered ${String(res.statusCode)}`));
      });
      ws.once('error', reject);
    }),
    'the connection to open',
    10_000,
  );
  await client.next((m) => m.type === 'welcome', 'the welcome', 10_000);
  return client;
}

export interface HandshakeResult {
  status: number;
  headers: IncomingHttpHeaders;
  protocol: string;
}

/** The HTTP answer to an upgrade request (101 when it switched: the connection is then closed at once). */
export function handshake(port: number, opts: OpenOptions = {}): Promise<HandshakeResult> {
  const ws = socket(port, opts);
  ws.on('error', () => {});
  return within(
    new Promise<HandshakeResult>((resolve, reject) => {
      ws.once('upgrade', (res) => {
        ws.once('open', () => {
          resolve({ status: 101, headers: res.headers, protocol: ws.protocol });
          ws.terminate();
        });
      });
      ws.once('unexpected-response', (req, res) => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, protocol: '' });
        req.destroy();
      });
      ws.once('error', reject);
    }),
    'the handshake',
    10_000,
  );
}

/** Runs `task(i)` for i in [0, count) with at most `concurrency` at a time; collects the failures. */
export async function pool(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<string[]> {
  const failures: string[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next;
      next += 1;
      try {
        await task(i);
      } catch (error) {
        failures.push(`#${i}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return failures;
}
