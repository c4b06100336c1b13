import path from 'node:path';

/** What the e2e suite needs to know about each fixture app (what the CLI should find in it). */
export interface FixtureSpec {
  name: string;
  framework: 'express' | 'node-http';
  frameworkMajor: number | null;
  language: 'ts' | 'js';
  moduleSystem: 'cjs' | 'esm';
  testRunner: 'vitest' | 'node:test';
  /** The file that starts the HTTP server (where the wiring goes). */
  entry: string;
  serverSiteKind: 'listen' | 'create-server';
  /** tsconfig for `tsc --noEmit -p` (TS only). */
  typecheckProject?: string;
  /** tsc project for the build (TS only). */
  buildProject?: string;
  /** How to start the (built) app under plain node, relative to the app root. */
  start: string[];
  /** A second route that must keep working, with its expected status. */
  otherRoute: { path: string; status: number };
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

/** `node node_modules/typescript/bin/tsc ...args` in dir. */
export function tscArgv(dir: string, ...args: string[]): string[] {
  return [process.execPath, path.join(dir, 'node_modules', 'typescript', 'bin', 'tsc'), ...args];
}
