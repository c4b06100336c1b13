// The smallest proof that a wired WebSocket server works end to end: refused without a token, then two
// authenticated clients (header and subprotocol) join a channel and one's publish reaches the other.
import { expect } from 'vitest';
import { signToken } from './jwt.js';
import { connectClient, describeHandshake, openSocket, type ConnectOptions } from './ws-client.js';

export async function expectAuthRoundTrip(url: string, secret: string, opts: Pick<ConnectOptions, 'headers' | 'ca'> = {}): Promise<void> {
  const base = { ...(opts.headers ? { headers: opts.headers } : {}), ...(opts.ca !== undefined ? { ca: opts.ca } : {}) };
  const anonymous = await openSocket(url, base);
  expect(anonymous.kind === 'rejected' && anonymous.status, describeHandshake(anonymous)).toBe(401);

  const alice = await connectClient(url, { ...base, token: await signToken({ sub: 'alice', secret }) });
  const bob = await connectClient(url, { ...base, token: await signToken({ sub: 'bob', secret }), tokenVia: 'subprotocol' });
  try {
    for (const [c, who] of [[alice, 'alice'], [bob, 'bob']] as const) {
      const welcome = await c.waitFor((m) => m.type === 'welcome', { what: `welcome for ${who}` });
      expect(welcome.payload).toMatchObject({ userId: who, protocol: 'ws-server.v1' });
      expect((await c.request({ type: 'subscribe', channel: 'round-trip' })).type).toBe('ack');
    }
    const mark = bob.mark();
    expect((await alice.request({ type: 'publish', channel: 'round-trip', payload: { n: 1 } })).type).toBe('ack');
    const got = await bob.waitFor((m) => m.type === 'message' && m.channel === 'round-trip', { since: mark, what: 'the published message' });
    expect(got).toMatchObject({ payload: { n: 1 }, from: 'alice' });
  } finally {
    await Promise.all([alice.close(), bob.close()]);
  }
}
