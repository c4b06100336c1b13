import path from 'node:path';

/** What the e2e suite needs to know about each fixture app (what the CLI should find in it). */
export interface FixtureSpec {
  name: string;
  framework: 'express' | 'fastify' | 'koa' | 'hono' | 'nestjs' | 'node-http';
  frameworkMajor: number | null;
  language: 'ts' | 'js';
  moduleSystem: 'cjs' | 'esm';
  testRunner: 'vitest' | 'jest' | 'node:test';
  /** The file that starts the HTTP server (where the wiring goes). */
  entry: string;
  serverSiteKind: 'listen' | 'create-server';
  /**
   * tsconfig for `tsc --noEmit -p` (every TS fixture); for a JS fixture, the jsconfig of an app that checks its
   * JavaScript (then every generated file must carry // @ts-check and pass it too).
   */
  typecheckProject?: string;
  /** Where the CLI must put the generated tests by itself (no --tests), when not the default tests/ws. */
  testsDir?: string;
  /** tsc project for the build (TS only). */
  buildProject?: string;
  /** How to start the (built) app under plain node, relative to the app root. */
  start: string[];
  /** A second route that must keep working, with its expected status. */
  otherRoute: { path: string; status: number };
  /** The function called at the server site when it is not listen/createServer (Hono: `serve`). */
  siteCall?: string;
  /** Major of the fixture's own TypeScript (default 5). */
  typescriptMajor?: number;
  /** Libraries expected in detected.existingWebSocket (default none). */
  existingWebSocket?: string[];
  /** The attach call the wiring must write, e.g. /attachWebSocketServer\(app\.server\)/ (default: any attach call). */
  wiredCall?: RegExp;
  /**
   * `full` (default) runs every check; `light` is for fixtures that differ from a full one in one respect
   * (framework shape, module set-up): scaffold, detection, wiring, type-check, build, boot, routes, a real
   * ws round trip with auth, and the idempotent re-run, but not the generated tests or the heartbeat timings.
   */
  level?: 'full' | 'light';
  /** Extra init flags (e.g. --standalone). */
  initArgs?: string[];
  /** The app runs its TypeScript sources (tsx): the build project only type-checks, nothing is emitted. */
  noEmit?: boolean;
}

export const FIXTURE_SPECS: Record<string, FixtureSpec> = {
  'express4-ts-cjs': {
    name: 'express4-ts-cjs',
    framework: 'express',
    frameworkMajor: 4,
    language: 'ts',
    moduleSystem: 'cjs',
    testRunner: 'node:test',
    entry: 'src/index.ts',
    serverSiteKind: 'listen',
    typecheckProject: '.',
    buildProject: '.',
    start: ['dist/index.js'],
    otherRoute: { path: '/orders/1', status: 200 },
  },
  'express5-ts-esm': {
    name: 'express5-ts-esm',
    framework: 'express',
    frameworkMajor: 5,
    language: 'ts',
    moduleSystem: 'esm',
    testRunner: 'vitest',
    entry: 'src/index.ts',
    serverSiteKind: 'create-server',
    typecheckProject: '.',
    buildProject: 'tsconfig.build.json',
    start: ['dist/index.js'],
    otherRoute: { path: '/products/A-100', status: 200 },
  },
  'node-http-ts': {
    name: 'node-http-ts',
    framework: 'node-http',
    frameworkMajor: null,
    language: 'ts',
    moduleSystem: 'cjs',
    testRunner: 'node:test',
    entry: 'src/server.ts',
    serverSiteKind: 'create-server',
    typecheckProject: '.',
    buildProject: '.',
    start: ['dist/server.js'],
    otherRoute: { path: '/status', status: 200 },
  },
  'express-js-cjs': {
    name: 'express-js-cjs',
    framework: 'express',
    frameworkMajor: 4,
    language: 'js',
    moduleSystem: 'cjs',
    testRunner: 'node:test',
    entry: 'src/server.js',
    serverSiteKind: 'listen',
    start: ['src/server.js'],
    otherRoute: { path: '/items/1', status: 200 },
  },
};

/** Fixtures of issue 3: other frameworks and repo shapes (kept apart so fixtures.test.ts keeps its cost). */

/** The two Nest fixtures differ only by platform (Express or Fastify); everything checked is the same. */
function nestSpec(name: string): FixtureSpec {
  return {
    name,
    framework: 'nestjs',
    frameworkMajor: 11,
    language: 'ts',
    moduleSystem: 'cjs',
    testRunner: 'node:test',
    entry: 'src/main.ts',
    serverSiteKind: 'listen',
    typecheckProject: 'tsconfig.json',
    buildProject: 'tsconfig.build.json',
    start: ['dist/main.js'],
    otherRoute: { path: '/users/1', status: 200 },
    wiredCall: /  await app\.listen\(port, '127\.0\.0\.1'\);\n  attachWebSocketServer\(app\.getHttpServer\(\)\);\n/,
    level: 'light',
    // No --tests: Nest's stock tsconfig compiles every .ts file and its build config excludes only `test`,
    // so the CLI must choose test/ws by itself (tests/ws would move dist/main.js to dist/src/main.js).
    testsDir: 'test/ws',
  };
}

export const SHAPE_FIXTURE_SPECS: Record<string, FixtureSpec> = {
  'jest-ts-cjs': {
    name: 'jest-ts-cjs',
    framework: 'express',
    frameworkMajor: 4,
    language: 'ts',
    moduleSystem: 'cjs',
    testRunner: 'jest',
    entry: 'src/index.ts',
    serverSiteKind: 'listen',
    typecheckProject: '.',
    buildProject: 'tsconfig.build.json',
    start: ['dist/index.js'],
    otherRoute: { path: '/orders/1', status: 200 },
  },
  'jest-ts-esm': {
    name: 'jest-ts-esm',
    framework: 'express',
    frameworkMajor: 4,
    language: 'ts',
    moduleSystem: 'esm',
    testRunner: 'jest',
    entry: 'src/index.ts',
    serverSiteKind: 'listen',
    typecheckProject: '.',
    buildProject: 'tsconfig.build.json',
    start: ['dist/index.js'],
    otherRoute: { path: '/receipts/1', status: 200 },
  },
  'fastify5-ts-esm': {
    name: 'fastify5-ts-esm',
    framework: 'fastify',
    frameworkMajor: 5,
    language: 'ts',
    moduleSystem: 'esm',
    testRunner: 'node:test',
    entry: 'src/server.ts',
    serverSiteKind: 'listen',
    typecheckProject: '.',
    buildProject: '.',
    start: ['dist/server.js'],
    otherRoute: { path: '/items/1', status: 200 },
    wiredCall: /attachWebSocketServer\(app\.server\);/,
  },
  'fastify4-ts-cjs': {
    name: 'fastify4-ts-cjs',
    framework: 'fastify',
    frameworkMajor: 4,
    language: 'ts',
    moduleSystem: 'cjs',
    testRunner: 'node:test',
    entry: 'src/index.ts',
    serverSiteKind: 'listen',
    typecheckProject: '.',
    buildProject: '.',
    start: ['dist/index.js'],
    otherRoute: { path: '/invoices/7', status: 200 },
    wiredCall: /\}\);\nattachWebSocketServer\(server\.server\);\n/,
    level: 'light',
  },
  'koa3-ts-cjs': {
    name: 'koa3-ts-cjs',
    framework: 'koa',
    frameworkMajor: 3,
    language: 'ts',
    moduleSystem: 'cjs',
    testRunner: 'node:test',
    entry: 'src/index.ts',
    serverSiteKind: 'listen',
    typecheckProject: '.',
    buildProject: '.',
    start: ['dist/index.js'],
    otherRoute: { path: '/stock/bolts', status: 200 },
    wiredCall: /const server = app\.listen\(port, \(\) => \{[\s\S]*\}\);\nattachWebSocketServer\(server\);/,
    level: 'light',
  },
  'koa2-js-cjs': {
    name: 'koa2-js-cjs',
    framework: 'koa',
    frameworkMajor: 2,
    language: 'js',
    moduleSystem: 'cjs',
    testRunner: 'node:test',
    entry: 'src/server.js',
    serverSiteKind: 'create-server',
    start: ['src/server.js'],
    otherRoute: { path: '/accounts/abc', status: 200 },
    wiredCall: /const server = http\.createServer\(app\.callback\(\)\);\nattachWebSocketServer\(server\);/,
    level: 'light',
  },
  'hono-ts-esm': {
    name: 'hono-ts-esm',
    framework: 'hono',
    frameworkMajor: 4,
    language: 'ts',
    moduleSystem: 'esm',
    testRunner: 'node:test',
    entry: 'src/index.ts',
    serverSiteKind: 'create-server',
    siteCall: 'serve',
    typecheckProject: '.',
    buildProject: '.',
    start: ['dist/index.js'],
    otherRoute: { path: '/flags/dark-mode', status: 200 },
    wiredCall: /const server = serve\([\s\S]*\}\);\nattachWebSocketServer\(server as import\('node:http'\)\.Server\);/,
    level: 'light',
  },
  'nest-express-ts-cjs': nestSpec('nest-express-ts-cjs'),
  'nest-fastify-ts-cjs': nestSpec('nest-fastify-ts-cjs'),
  'socketio-ts-cjs': {
    name: 'socketio-ts-cjs',
    framework: 'express',
    frameworkMajor: 4,
    language: 'ts',
    moduleSystem: 'cjs',
    testRunner: 'node:test',
    entry: 'src/index.ts',
    serverSiteKind: 'create-server',
    typecheckProject: '.',
    buildProject: '.',
    start: ['dist/index.js'],
    otherRoute: { path: '/scores', status: 200 },
    existingWebSocket: ['socket.io'],
    wiredCall: /const server = http\.createServer\(app\);\nattachWebSocketServer\(server\);\nconst io = new Server/,
    level: 'light',
  },
  'node16-ts-cjs': {
    name: 'node16-ts-cjs',
    framework: 'node-http',
    frameworkMajor: null,
    language: 'ts',
    moduleSystem: 'cjs',
    testRunner: 'node:test',
    entry: 'src/main.ts',
    serverSiteKind: 'listen',
    typecheckProject: '.',
    buildProject: '.',
    start: ['dist/main.js'],
    otherRoute: { path: '/entries', status: 200 },
    wiredCall: /import \{ attachWebSocketServer \} from '\.\/ws\/server\.js';[\s\S]*const server = createServer\(handle\)\.listen\(/,
    level: 'light',
  },
  'express4-ts47-cjs': {
    name: 'express4-ts47-cjs',
    framework: 'express',
    frameworkMajor: 4,
    language: 'ts',
    moduleSystem: 'cjs',
    testRunner: 'node:test',
    entry: 'src/index.ts',
    serverSiteKind: 'listen',
    typecheckProject: '.',
    buildProject: '.',
    start: ['dist/index.js'],
    otherRoute: { path: '/orders/1', status: 200 },
    typescriptMajor: 4,
    level: 'light',
  },
  'bundler-tsx-esm': {
    name: 'bundler-tsx-esm',
    framework: 'express',
    frameworkMajor: 5,
    language: 'ts',
    moduleSystem: 'esm',
    testRunner: 'node:test',
    entry: 'src/index.ts',
    serverSiteKind: 'listen',
    typecheckProject: '.',
    buildProject: '.',
    noEmit: true,
    start: ['--import', 'tsx', 'src/index.ts'],
    otherRoute: { path: '/metrics', status: 200 },
    wiredCall: /const server = app\.listen\(port, \(\) => \{[\s\S]*\}\);\nattachWebSocketServer\(server\);/,
    level: 'light',
  },
  'esm-js': {
    name: 'esm-js',
    framework: 'express',
    frameworkMajor: 5,
    language: 'js',
    moduleSystem: 'esm',
    testRunner: 'node:test',
    entry: 'src/index.js',
    serverSiteKind: 'listen',
    typecheckProject: 'jsconfig.json',
    start: ['src/index.js'],
    otherRoute: { path: '/hooks', status: 200 },
    wiredCall: /import \{ attachWebSocketServer \} from '\.\/ws\/server\.js';[\s\S]*\}\);\nattachWebSocketServer\(server\);\n/,
    level: 'light',
  },
  'checkjs-cjs': {
    name: 'checkjs-cjs',
    framework: 'koa',
    frameworkMajor: 2,
    language: 'js',
    moduleSystem: 'cjs',
    testRunner: 'node:test',
    entry: 'src/index.js',
    serverSiteKind: 'listen',
    typecheckProject: 'jsconfig.json',
    start: ['src/index.js'],
    otherRoute: { path: '/outbox', status: 200 },
    wiredCall: /const \{ attachWebSocketServer \} = require\('\.\/ws\/server'\);[\s\S]*attachWebSocketServer\(server\);/,
    level: 'light',
  },
};

/** `node node_modules/typescript/bin/tsc ...args` in dir. */
export function tscArgv(dir: string, ...args: string[]): string[] {
  return [process.execPath, path.join(dir, 'node_modules', 'typescript', 'bin', 'tsc'), ...args];
}
