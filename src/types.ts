// The typed results each stage hands to the next: analyze -> RepoFacts, resolveConfig -> Config,
// plan -> Plan, apply -> Report. Tests build these by hand, so they stay plain data.

export type FrameworkName = 'express' | 'fastify' | 'koa' | 'hono' | 'nestjs' | 'node-http';
export const FRAMEWORK_NAMES: readonly FrameworkName[] = ['express', 'fastify', 'koa', 'hono', 'nestjs', 'node-http'];

export type ModuleSystem = 'cjs' | 'esm';
export type Language = 'ts' | 'js';
export type PackageManager = 'npm' | 'pnpm' | 'yarn' | 'bun';
/** Yarn 1.x (classic) or 2+ (berry): they take different install flags. */
export type YarnFlavor = 'classic' | 'berry';
export type TestRunner = 'vitest' | 'jest' | 'node:test';

/**
 * Where the HTTP server comes to life. `kind` says which call we found:
 * - `listen`: `x.listen(...)` whose result is (or can be captured as) the http.Server;
 * - `create-server`: `http.createServer(...)` / `createServer(...)` assigned to a variable.
 */
export interface ServerSite {
  file: string; // POSIX, relative to appRoot
  line: number; // 1-based
  kind: 'listen' | 'create-server';
  /** The source text of the call, for messages. */
  text: string;
  /** Name of the function or method called at the site when it is not the kind's usual one (Hono's `serve`). */
  call?: string;
  /**
   * How the http.Server is reached when the call does not return it: a member of the listen call's
   * receiver (`.server` for Fastify's `app.server`, `.getHttpServer()` for NestJS). Absent: the call's result.
   */
  receiverMember?: '.server' | '.getHttpServer()';
}

export interface ExistingWebSocket {
  library: string;
  file: string;
  line: number;
}

/** A WebSocket stack that takes every upgrade of the http.Server it is given (see analyze/upgrade-swallowers.ts). */
export interface UpgradeSwallower {
  library: 'ws' | 'express-ws' | '@fastify/websocket';
  file: string;
  line: number;
  /** The constructing code, whitespace collapsed, for the message. */
  text: string;
  /** The `path` option of a ws server, when it has one. */
  path: string | null;
  /** @fastify/websocket: the Fastify instance it is registered on (for the message). */
  instance?: string;
  /** @fastify/websocket: paths an `onRequest` hook in the same file hands over with `reply.hijack()` (they pass). */
  passes?: string[];
}

export interface TsconfigFacts {
  /** POSIX path relative to appRoot. */
  path: string;
  strict: boolean;
  module: string | null; // lower-cased compilerOptions.module
  moduleResolution: string | null; // lower-cased
  verbatimModuleSyntax: boolean;
  esModuleInterop: boolean;
  rootDir: string | null;
  outDir: string | null;
  include: string[] | null;
  /** compilerOptions.paths with every target made relative to appRoot (POSIX), e.g. `{ "@/*": ["src/*"] }`. */
  paths?: Record<string, string[]>;
}

export interface PackageJsonFacts {
  name: string | null;
  type: 'module' | 'commonjs' | null;
  main: string | null;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

export interface RepoFacts {
  /** Absolute path of the app root (the directory holding package.json). */
  appRoot: string;
  packageJson: PackageJsonFacts;
  framework: { name: FrameworkName; version: string | null } | null;
  /** Entry file (POSIX, relative to appRoot) that holds the server site, or the best candidate. */
  entry: string | null;
  serverSite: ServerSite | null;
  /**
   * Every server site still in the running after the tie-breaks (in an entry named by
   * package.json, then in a conventional entry such as src/index.ts, then in a file nobody
   * imports). `serverSite` is set only when exactly one remains; more than one means
   * ambiguous: the caller asks or requires `--entry`. Empty when nothing was found.
   */
  serverSites?: ServerSite[];
  moduleSystem: ModuleSystem;
  language: Language;
  /**
   * A JavaScript app that type-checks its JavaScript: `checkJs` in jsconfig.json or tsconfig.json, or
   * `// @ts-check` at the top of its entry. The generated JavaScript then starts with `// @ts-check` too.
   */
  checkJs?: boolean;
  typescript: { version: string } | null;
  tsconfig: TsconfigFacts | null;
  packageManager: PackageManager;
  /** Set when packageManager is yarn. */
  yarnFlavor?: YarnFlavor;
  testRunner: TestRunner;
  existingWebSocket: ExistingWebSocket[];
  /** Existing WebSocket stacks that would swallow our upgrades: wiring next to them needs the user's change first. */
  upgradeSwallowers?: UpgradeSwallower[];
  /** Formatter found in the repo (used from the regeneration issue on). */
  formatter: 'prettier' | 'biome' | null;
  /** Line ending used by the repo's sources. */
  eol: '\n' | '\r\n';
  /** Files we looked at while searching for the server site (for messages). */
  inspected: string[];
}

export interface Limits {
  heartbeatMs: number;
  maxConnections: number;
  maxConnectionsPerUser: number;
  handshakeRate: number; // per IP per minute; 0 = unlimited
  messageRate: number; // messages per second per connection
  messageBurst: number;
  maxPayload: number; // bytes
  maxSubscriptions: number; // per connection
  maxBufferedBytes: number; // slow-consumer threshold
}

/** The resolved ws-server.config.json (every field present). */
export interface Config {
  version: number;
  framework: FrameworkName | null;
  entry: string | null;
  standalone: boolean;
  path: string;
  auth: 'jwt' | 'none';
  redis: boolean;
  out: string;
  tests: string;
  presets: string[];
  handlers: string[];
  allowedOrigins: string[];
  requireOrigin: boolean;
  /** Proxy hops whose X-Forwarded-For the per-IP handshake limit believes (false/0 = none, true = 1). */
  trustProxy?: boolean | number;
  limits: Limits;
}

export type FileKind = 'owned' | 'seeded';
export type FileAction = 'created' | 'updated' | 'unchanged' | 'merged' | 'conflict' | 'removed' | 'skipped';

export interface PlannedFile {
  path: string; // POSIX, relative to appRoot
  kind: FileKind;
  content: string;
}

export interface PlannedDependency {
  name: string;
  range: string;
  dev: boolean;
}

export interface WiringPlan {
  file: string; // POSIX, relative to appRoot
  /** Module specifier of the generated server as written in `file`'s import. */
  importSpecifier: string;
  style: 'import' | 'require';
}

export interface Plan {
  files: PlannedFile[];
  dependencies: PlannedDependency[];
  /** package.json scripts to add when absent. */
  scripts: Record<string, string>;
  wiring: WiringPlan | null;
  nextSteps: string[];
}

export interface ReportFile {
  path: string;
  kind: FileKind;
  action: FileAction;
}

export interface ReportIssue {
  code: string;
  message: string;
}

export interface ReportError extends ReportIssue {
  hint: string;
}

export interface Report {
  schemaVersion: 1;
  ok: boolean;
  command: string;
  dryRun: boolean;
  detected: {
    framework: { name: FrameworkName; version: string | null } | null;
    appRoot: string;
    entry: string | null;
    serverSite: { file: string; line: number; kind: string } | null;
    moduleSystem: ModuleSystem;
    typescript: { version: string } | null;
    packageManager: PackageManager;
    /** Only when packageManager is yarn. */
    yarnFlavor?: YarnFlavor;
    testRunner: TestRunner;
    existingWebSocket: ExistingWebSocket[];
  } | null;
  files: ReportFile[];
  conflicts: { path: string; hunks: { start: number; end: number }[] }[];
  dependencies: {
    added: PlannedDependency[];
    installed: boolean;
    command: { argv: string[]; cwd: string } | null;
  };
  wiring: { file: string; action: 'added' | 'unchanged' | 'skipped' | 'removed' } | null;
  warnings: ReportIssue[];
  errors: ReportError[];
  nextSteps: string[];
}
