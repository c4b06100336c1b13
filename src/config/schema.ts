// ws-server.config.json: one zod schema gives the TypeScript type, the validation and the
// JSON Schema that editors use (written to .ws-server/schema.json next to the manifest).
import { z } from 'zod';
import { FRAMEWORK_NAMES } from '../types.js';

export const CONFIG_VERSION = 1;
export const CONFIG_FILE = 'ws-server.config.json';
export const SCHEMA_REF = './.ws-server/schema.json';

/** A POSIX path inside the app root: relative, no `..`, no trailing slash. */
const relativeDir = z
  .string()
  .min(1)
  .regex(/^(?!\/)(?!.*(^|\/)\.\.(\/|$))[A-Za-z0-9._@\-/]+(?<!\/)$/, 'a relative POSIX directory inside the app root, e.g. "src/ws"');

/** Example presets (references/examples.md). */
export const PRESET_NAMES = ['chat', 'dashboard', 'collab'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

const positiveInt = z.number().int().positive();

/** A handler's name is its message type and its file name (handlers/<name>.ts). */
export const HANDLER_NAME = /^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$/;
/** Message types a handler may not take: the built-in client types and the server's own types. */
export const RESERVED_HANDLER_NAMES: readonly string[] = ['subscribe', 'unsubscribe', 'publish', 'welcome', 'ack', 'error', 'message', 'presence'];

export const LimitsSchema = z
  .object({
    heartbeatMs: z.number().int().min(100).default(30_000).describe('Ping interval; a peer silent for more than one interval is dropped by the end of the second (WS_HEARTBEAT_MS).'),
    maxConnections: positiveInt.default(10_000).describe('Connections per process (WS_MAX_CONNECTIONS).'),
    maxConnectionsPerUser: positiveInt.default(20).describe('Connections per user id (WS_MAX_CONNECTIONS_PER_USER).'),
    handshakeRate: z.number().int().min(0).default(60).describe('Handshakes per IP per minute; 0 = no limit (WS_HANDSHAKE_RATE).'),
    messageRate: positiveInt.default(50).describe('Messages per second per connection (WS_MESSAGE_RATE).'),
    messageBurst: z.number().int().min(1).default(100).describe('Token-bucket burst per connection (WS_MESSAGE_BURST).'),
    maxPayload: z.number().int().min(1).max(1_048_576).default(1_048_576).describe('Largest accepted frame in bytes; larger closes with 1009 (WS_MAX_PAYLOAD).'),
    maxSubscriptions: positiveInt.default(100).describe('Channels one connection may join.'),
    maxBufferedBytes: positiveInt.default(4 * 1_048_576).describe('Send buffer above which a slow consumer is closed with 1013.'),
  })
  .strict();

export const ConfigSchema = z
  .object({
    $schema: z.string().optional(),
    version: z.number().int().min(1).max(CONFIG_VERSION).default(CONFIG_VERSION).describe('Config format version.'),
    framework: z.enum(FRAMEWORK_NAMES as [string, ...string[]]).nullable().default(null).describe('HTTP framework of the app (detected when null).'),
    entry: z.string().min(1).nullable().default(null).describe('File that starts the HTTP server (detected when null).'),
    standalone: z.boolean().default(false).describe('Run the WebSocket server on its own port (WS_PORT) instead of attaching to the app.'),
    path: z
      .string()
      .regex(/^\/[A-Za-z0-9._~\-/]*$/, 'a URL path starting with "/", e.g. "/ws"')
      .default('/ws')
      .describe('URL path that upgrades to WebSocket.'),
    auth: z.enum(['jwt', 'none']).default('jwt').describe('Handshake authentication.'),
    redis: z.boolean().default(false).describe('Join several instances through Redis pub/sub (REDIS_URL required at start-up).'),
    out: relativeDir.default('src/ws').describe('Directory of the generated server.'),
    tests: relativeDir.default('tests/ws').describe('Directory of the generated tests.'),
    presets: z
      .array(z.enum(PRESET_NAMES))
      .refine((names) => new Set(names).size === names.length, 'a list without duplicates')
      .default([])
      .describe('Example presets, each with its handlers and tests: chat, dashboard, collab (references/examples.md).'),
    handlers: z
      .array(
        z
          .string()
          .regex(HANDLER_NAME, 'a handler name of lower-case letters, digits, - and _, e.g. "chat-message"')
          .refine((name) => !RESERVED_HANDLER_NAMES.includes(name), 'a name that is not a built-in message type'),
      )
      .refine((names) => new Set(names).size === names.length, 'a list without duplicates')
      .default(['echo'])
      .describe('Message types with a seeded handler file each (handlers/<name>.ts).'),
    allowedOrigins: z.array(z.string().min(1)).default([]).describe('Exact origins allowed to connect; empty = same-origin browsers and non-browser clients (WS_ALLOWED_ORIGINS).'),
    requireOrigin: z.boolean().default(false).describe('Refuse handshakes without an Origin header.'),
    trustProxy: z
      .union([z.boolean(), z.number().int().min(0)])
      .default(false)
      .describe('Proxies in front of the server whose X-Forwarded-For is believed for the per-IP handshake limit: false = none, true = 1, or a number of hops (WS_TRUST_PROXY).'),
    limits: LimitsSchema.default(LimitsSchema.parse({})),
  })
  .strict();

export type ConfigInput = z.input<typeof ConfigSchema>;

/** The JSON Schema written for editors. */
export function configJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(ConfigSchema, { io: 'input' }) as Record<string, unknown>;
}
