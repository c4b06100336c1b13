// The collab preset converges: 4 editors (the generated client's CollabDoc) make 1,200 random concurrent edits
// to one document over the real server (express5-ts-esm scaffolded with --preset collab, booted), every
// message delayed at random on the way in and out, one editor's connection cut in the middle (it reconnects
// and catches up while the others go on). At the end every editor's text equals the server's.
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootApp, stopAllApps, type RunningApp } from '../helpers/boot.js';
import { FIXTURE_SPECS, tscArgv } from '../helpers/fixtures.js';
import { signToken } from '../helpers/jwt.js';
import { linkDeclaredDeps } from '../helpers/link.js';
import { expectSuccess, run } from '../helpers/proc.js';
import { cleanupTempDirs, scaffoldFixture } from '../helpers/scaffold.js';

const spec = FIXTURE_SPECS['express5-ts-esm']!;
const secret = `collab-${crypto.randomBytes(24).toString('hex')}`;
const TIMEOUT = 180_000;
const EDITORS = 4;
const EDITS = 1200;
const MAX_DELAY_MS = 15;

interface Client {
  readonly state: string;
  opened(): Promise<void>;
  request<T = unknown>(type: string, payload?: unknown, options?: { channel?: string }): Promise<T>;
  close(): Promise<void>;
}
interface Doc {
  text: string;
  rev: number;
  readonly settled: boolean;
  open(): Promise<void>;
  insert(position: number, text: string): void;
  remove(position: number, length: number): void;
}
interface ClientModule {
  createClient(options: Record<string, unknown>): Client;
  CollabDoc: new (client: Client, name: string) => Doc;
}

type Handler = ((event: any) => void) | null;

/** A WebSocket whose messages each way arrive after a random delay, in order (a slow, jittery network). */
function delayedSocket(Inner: new (url: string, protocols: string[]) => any) {
  return class DelayedSocket {
    onopen: Handler = null;
    onmessage: Handler = null;
    onclose: Handler = null;
    onerror: Handler = null;
    readonly inner: any;
    private inAt = 0;
    private outAt = 0;

    constructor(url: string, protocols: string[]) {
      this.inner = new Inner(url, protocols);
      this.inner.onopen = (e: unknown) => this.later('in', () => this.onopen?.(e));
      this.inner.onerror = (e: unknown) => this.onerror?.(e);
      this.inner.onmessage = (e: { data: unknown }) => this.later('in', () => this.onmessage?.({ data: e.data }));
      this.inner.onclose = (e: { code: number; reason: string }) => this.later('in', () => this.onclose?.({ code: e.code, reason: e.reason }));
    }

    get readyState(): number {
      return this.inner.readyState;
    }

    send(data: string): void {
      this.later('out', () => {
        if (this.inner.readyState === 1) this.inner.send(data);
      });
    }

    close(code?: number, reason?: string): void {
      this.inner.close(code, reason);
    }

    /** Monotonic deadlines keep the order: timers with later deadlines fire later. */
    private later(way: 'in' | 'out', fn: () => void): void {
      const key = way === 'in' ? 'inAt' : 'outAt';
      const at = Math.max(this[key], Date.now() + Math.random() * MAX_DELAY_MS);
      this[key] = at;
      setTimeout(fn, Math.max(0, at - Date.now()));
    }
  };
}

let dir = '';
let app: RunningApp;
let mod: ClientModule;
const clients: Client[] = [];

describe('collab preset: randomized convergence over the real server', { timeout: TIMEOUT }, () => {
  beforeAll(async () => {
    const s = await scaffoldFixture(spec.name, ['--preset', 'collab']);
    expect(s.exitCode, s.stderr).toBe(0);
    expect(s.report.dependencies.added).toContainEqual({ name: 'ot-text-unicode', range: '^4.0.0', dev: false });
    dir = s.dir;
    linkDeclaredDeps(dir);
    const [cmd, ...args] = tscArgv(dir, '-p', spec.buildProject!);
    expectSuccess(await run(cmd!, args, { cwd: dir, timeoutMs: 120_000 }), 'tsc build');
    mod = (await import(pathToFileURL(path.join(dir, 'dist/ws/client.js')).href)) as ClientModule;
    app = await bootApp({
      cwd: dir,
      command: [process.execPath, ...spec.start],
      env: { WS_JWT_SECRET: secret, WS_HANDSHAKE_RATE: '0', WS_MESSAGE_RATE: '1000', WS_MESSAGE_BURST: '1000' },
    });
  }, TIMEOUT);

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await stopAllApps();
    cleanupTempDirs();
  }, TIMEOUT);

  it(`${EDITORS} editors, ${EDITS} concurrent edits, random delays, one reconnect: every text equals the server's`, async () => {
    const { WebSocket } = createRequire(path.join(dir, 'package.json'))('ws') as { WebSocket: new (url: string, protocols: string[]) => any };
    const Socket = delayedSocket(WebSocket);
    const name = `doc-${crypto.randomBytes(4).toString('hex')}`;
    const sockets: any[] = [];
    const editors = await Promise.all(
      Array.from({ length: EDITORS }, async (_, i) => {
        const client = mod.createClient({
          url: app.wsUrl('/ws'),
          token: () => signToken({ sub: `editor-${i}`, secret }),
          WebSocket: class extends Socket {
            constructor(url: string, protocols: string[]) {
              super(url, protocols);
              sockets[i] = this;
            }
          },
          minDelayMs: 100,
          maxDelayMs: 400,
        });
        clients.push(client);
        await client.opened();
        const doc = new mod.CollabDoc(client, name);
        await doc.open();
        return { client, doc };
      }),
    );

    const alphabet = 'abcdefghijklmnopqrstuvwxyz ';
    let dropped: unknown = null;
    for (let n = 0; n < EDITS; n += 1) {
      const { doc } = editors[Math.floor(Math.random() * EDITORS)]!;
      const length = doc.text.length;
      if (length > 0 && Math.random() < 0.4) {
        const at = Math.floor(Math.random() * length);
        doc.remove(at, Math.min(length - at, 1 + Math.floor(Math.random() * 3)));
      } else {
        const text = Array.from({ length: 1 + Math.floor(Math.random() * 3) }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join('');
        doc.insert(Math.floor(Math.random() * (length + 1)), text);
      }
      if (n === EDITS / 2) {
        dropped = sockets[1];
        sockets[1].inner.terminate(); // an abnormal drop (1006): editor 1 reconnects and catches up from the log
      }
      if (n % 4 === 0) await new Promise((r) => setTimeout(r, Math.random() * 4));
    }
    expect(dropped, 'the drop happened').not.toBeNull();

    // Let everything land, then compare with what the server holds.
    const probe = mod.createClient({ url: app.wsUrl('/ws'), token: () => signToken({ sub: 'probe', secret }) });
    clients.push(probe);
    await probe.opened();
    const started = Date.now();
    let server = await probe.request<{ rev: number; text: string }>('collab-open', {}, { channel: name });
    while (!editors.every(({ doc }) => doc.settled && doc.rev === server.rev)) {
      if (Date.now() - started > 30_000) {
        throw new Error(`not settled: server rev ${server.rev}, editors ${editors.map(({ doc }) => `${doc.rev}${doc.settled ? '' : '*'}`).join(' ')}`);
      }
      await new Promise((r) => setTimeout(r, 100));
      server = await probe.request<{ rev: number; text: string }>('collab-open', {}, { channel: name });
    }
    expect(server.rev).toBeGreaterThan(100); // edits were composed while in flight, but many revisions happened
    for (const { doc } of editors) expect(doc.text).toBe(server.text);
    expect(editors[1]!.client.state).toBe('open');
    // Editor 1 really came back on a new socket (its constructor ran again after the drop).
    expect(sockets[1]).not.toBe(dropped);
  });
});
