// Generated malformed frames and envelopes, each with the answer the protocol documents for it
// (references/protocol.md): a close code for the ones that end the connection, an error code otherwise.
// Deterministic: a seeded generator, so a failure names a case that can be replayed.

export type Expected = { close: number } | { error: string } | { ack: true };

export interface BadFrame {
  kind: string;
  data: string | Buffer;
  /** Sent as a binary frame. */
  binary: boolean;
  expected: Expected;
}

/** mulberry32: small, seeded, good enough to vary test input. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MAX_PAYLOAD = 1_048_576; // the generated default (ws-server.config.json limits.maxPayload)

type Rand = () => number;
const pick = <T>(rand: Rand, list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
const int = (rand: Rand, min: number, max: number): number => min + Math.floor(rand() * (max - min + 1));

function randomText(rand: Rand, length: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz{}[]":,0123456789 \\/\u00e9\u4e2d\ud83d\ude00';
  let out = '';
  for (let i = 0; i < length; i += 1) out += alphabet[Math.floor(rand() * alphabet.length)];
  return out;
}

// Byte sequences that are never valid UTF-8: lone continuation, overlong, surrogate, out of range, truncated.
const INVALID_UTF8 = [[0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf5, 0x80, 0x80, 0x80], [0xff], [0xe2, 0x82], [0xfe, 0xfe]];

const closes = (code: number): Expected => ({ close: code });

/** Frames that must end their connection: invalid UTF-8 (1007), binary (1003), bad JSON or envelope (1008), too big (1009). */
export function fatalFrame(rand: Rand): BadFrame {
  const roll = rand();
  if (roll < 0.15) {
    const before = Buffer.from(`{"type":"echo","payload":"${randomText(rand, int(rand, 0, 40)).replace(/["\\]/g, '')}`);
    const bad = Buffer.from(pick(rand, INVALID_UTF8));
    return { kind: 'invalid-utf8', data: Buffer.concat([before, bad, Buffer.from('"}')]), binary: false, expected: closes(1007) };
  }
  if (roll < 0.27) {
    const data = rand() < 0.5 ? Buffer.from(JSON.stringify({ type: 'echo', payload: 1 })) : Buffer.from(randomText(rand, int(rand, 1, 64)));
    return { kind: 'binary', data, binary: true, expected: closes(1003) };
  }
  if (roll < 0.45) {
    const whole = JSON.stringify({ type: pick(rand, ['publish', 'subscribe', 'echo']), channel: 'room-1', payload: { n: int(rand, 0, 1e6), s: randomText(rand, 20) }, correlationId: 'c' });
    let cut = whole.slice(0, int(rand, 0, whole.length - 1));
    if (isJson(cut)) cut += '{';
    return { kind: 'truncated-json', data: cut, binary: false, expected: closes(1008) };
  }
  if (roll < 0.55) {
    let text = randomText(rand, int(rand, 1, 80));
    if (isJson(text)) text = `{${text}`;
    return { kind: 'garbage', data: text, binary: false, expected: closes(1008) };
  }
  if (roll < 0.65) {
    const value = pick(rand, ['42', '"echo"', 'null', 'true', '[]', '[{"type":"echo"}]', '-0', '1e400', '"\\u0000"']);
    return { kind: 'not-an-object', data: value, binary: false, expected: closes(1008) };
  }
  if (roll < 0.8) {
    const envelope = pick(rand, [
      '{}',
      '{"type":1}',
      '{"type":null}',
      '{"type":[]}',
      '{"type":{}}',
      '{"type":""}',
      '{"type":true}',
      '{"__proto__":{"type":"publish"},"channel":"room-1"}',
      '{"constructor":{"prototype":{"type":"echo"}}}',
      '{"Type":"echo"}',
      '{"type":["subscribe"],"channel":"room-1"}',
    ]);
    return { kind: 'no-string-type', data: envelope, binary: false, expected: closes(1008) };
  }
  if (roll < 0.9) {
    // Cheap to send, costly to parse and impossible to serialise back: refused before JSON.parse.
    const depth = rand() < 0.5 ? int(rand, 65, 1000) : int(rand, 1000, 400_000);
    return { kind: 'deep-nesting', data: `{"type":"echo","payload":${'['.repeat(depth)}${']'.repeat(depth)}}`, binary: false, expected: closes(1008) };
  }
  if (roll < 0.97) {
    const correlationId = pick(rand, ['{}', '[]', 'true', 'null', '1e400', `"${'c'.repeat(129)}"`, '{"__proto__":1}']);
    return { kind: 'bad-correlation-id', data: `{"type":"echo","correlationId":${correlationId}}`, binary: false, expected: closes(1008) };
  }
  const size = MAX_PAYLOAD + int(rand, 1, 4096);
  return { kind: 'too-big', data: `{"type":"echo","payload":"${'x'.repeat(size)}"}`, binary: false, expected: closes(1009) };
}

const PROTOTYPE_TYPES = ['__proto__', 'constructor', 'hasOwnProperty', 'toString', 'valueOf', 'isPrototypeOf', '__defineGetter__', 'error', 'ack', 'welcome', 'message', 'presence'];
const BAD_CHANNELS: unknown[] = ['', ' ', 'a'.repeat(129), '../etc/passwd', 'room 1', 'room\n1', '-leading-dash', '__proto__', 'ümlaut', 42, null, true, {}, ['room-1']];

/**
 * Frames a connection survives, each answered once with its correlationId: an error for unknown and
 * prototype-named types, huge strings, invalid channels, publishing where not subscribed (`goodChannel`:
 * nothing may reach its members); an ack for payloads nested up to the limit.
 */
export function survivableFrame(rand: Rand, correlationId: string, goodChannel: string): BadFrame {
  const frame = (kind: string, message: Record<string, unknown>, code: string): BadFrame => ({
    kind,
    data: JSON.stringify({ ...message, correlationId }),
    binary: false,
    expected: { error: code },
  });
  const roll = rand();
  if (roll < 0.25) {
    // Raw text: an object literal's __proto__ would set a prototype, not send the key.
    const type = JSON.stringify(pick(rand, PROTOTYPE_TYPES));
    const data = `{"type":${type},"payload":{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}},"correlationId":"${correlationId}"}`;
    return { kind: 'prototype-type', data, binary: false, expected: { error: 'unknown_type' } };
  }
  if (roll < 0.4) return frame('random-type', { type: randomText(rand, int(rand, 1, 40)), payload: randomText(rand, 10) }, 'unknown_type');
  if (roll < 0.45) return frame('huge-type', { type: 'x'.repeat(int(rand, 10_000, 200_000)) }, 'unknown_type');
  if (roll < 0.65) return frame('invalid-channel', { type: pick(rand, ['subscribe', 'unsubscribe', 'publish']), channel: pick(rand, BAD_CHANNELS) }, 'invalid_channel');
  if (roll < 0.85) return frame('publish-unsubscribed', { type: 'publish', channel: rand() < 0.5 ? goodChannel : `room-${int(rand, 0, 99)}`, payload: { leak: true } }, 'not_subscribed');
  if (roll < 0.93) {
    // Nested up to the limit (64 levels, the envelope included), brackets inside strings not counted: echoed.
    const depth = int(rand, 1, 63);
    const payload = `${'{"a":'.repeat(depth)}"${'[{'.repeat(int(rand, 0, 100))}"${'}'.repeat(depth)}`;
    return { kind: 'nested-within-limit', data: `{"type":"echo","correlationId":"${correlationId}","payload":${payload}}`, binary: false, expected: { ack: true } };
  }
  // Raw text, so that a duplicate key is really sent: JSON.parse keeps the last one.
  return {
    kind: 'duplicate-keys',
    data: `{"type":"subscribe","type":"constructor","correlationId":"${correlationId}","channel":"room-1"}`,
    binary: false,
    expected: { error: 'unknown_type' },
  };
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
