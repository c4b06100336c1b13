// Shared by the bench's server processes: listening on loopback, the stats side channel (over the IPC
// channel of child_process.fork, so that it never shares the measured socket), and JWT verification.
import http from 'node:http';

/** 1 to 128 characters: a letter or digit, then letters, digits and _ . : @ / - (the generated protocol's rule). */
export const CHANNEL_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:@\/-]{0,127}$/;

/** An http.Server that answers plain requests with 404 (only upgrades matter here). */
export function createHttpServer() {
  return http.createServer((_req, res) => {
    res.statusCode = 404;
    res.end();
  });
}

/** HS256 verification with jose (the library the generated server uses): `exp` and `sub` required. */
export async function createVerifier(secret) {
  if (!secret) throw new Error('BENCH: WS_JWT_SECRET is not set for this server process');
  const { jwtVerify } = await import('jose');
  const key = new TextEncoder().encode(secret);
  const options = { algorithms: ['HS256'], requiredClaims: ['exp', 'sub'] };
  return async (token) => {
    const { payload } = await jwtVerify(token, key, options);
    if (typeof payload.sub !== 'string' || payload.sub === '') throw new Error('no sub claim');
    return payload.sub;
  };
}

/** The bearer token of an upgrade request (Authorization header, then ?token=). */
export function bearerToken(req) {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (match) return match[1];
  return new URL(req.url ?? '/', 'http://localhost').searchParams.get('token');
}

/**
 * Listens on 127.0.0.1 (a free port), then answers the orchestrator over IPC:
 *   cpu  -> process.cpuUsage() (user + system, all threads of this process)
 *   mem  -> process.memoryUsage() after full garbage collections (needs --expose-gc)
 *   stop -> closes (gracefully when `close` is given, bounded), then exits
 */
export async function serve(server, { close } = {}) {
  if (typeof process.send !== 'function') throw new Error('BENCH: start this server with child_process.fork()');
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  process.on('message', (msg) => {
    void answer(msg).then(
      (result) => process.send({ id: msg.id, ok: true, result }),
      (error) => process.send({ id: msg.id, ok: false, error: String(error?.stack ?? error) }),
    );
  });
  async function answer(msg) {
    switch (msg.cmd) {
      case 'cpu':
        return process.cpuUsage();
      case 'mem': {
        if (typeof global.gc !== 'function') throw new Error('BENCH: start the server with --expose-gc');
        for (let i = 0; i < 3; i++) {
          global.gc();
          await new Promise((r) => setImmediate(r));
        }
        return process.memoryUsage();
      }
      case 'stop': {
        const timer = setTimeout(() => process.exit(0), 3000);
        timer.unref();
        if (close) await close().catch(() => {});
        setImmediate(() => process.exit(0));
        return null;
      }
      default:
        throw new Error(`BENCH: unknown side-channel command ${JSON.stringify(msg.cmd)}`);
    }
  }
  // The orchestrator died: do not linger.
  process.on('disconnect', () => process.exit(0));
  process.send({ type: 'ready', port: server.address().port });
}
