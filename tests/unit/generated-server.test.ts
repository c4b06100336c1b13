// Renders the generated server into small temp apps, type-checks them under the tsconfigs we support and runs
// the generated tests (node:test and vitest, memory and real Redis). Then the mutation check: break auth, the
// origin check and the heartbeat in a rendered copy, one at a time; the generated tests must fail each time.

import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderFiles } from '../../src/render/index.js';
import type { RenderContext } from '../../src/render/index.js';
import { validateConfig } from '../../src/config/load.js';
import type { Config } from '../../src/types.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NODE_MODULES = path.join(ROOT, 'node_modules');
const TSC = path.join(NODE_MODULES, 'typescript', 'bin', 'tsc');
const VITEST = path.join(NODE_MODULES, 'vitest', 'vitest.mjs');
const MINUTE = 60_000;

const STRICT = {
  target: 'ES2022',
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  types: ['node'],
};

const EVERY_STRICT_FLAG = {
  ...STRICT,
  skipLibCheck: false,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  noUnusedLocals: true,
  noUnusedParameters: true,
  noImplicitReturns: true,
  noImplicitOverride: true,
  noFallthroughCasesInSwitch: true,
  noPropertyAccessFromIndexSignature: true,
};

interface Variant {
  name: string;
  ctx: RenderContext;
  packageJson: Record<string, unknown>;
  tsconfig: Record<string, unknown> | null;
  dir: string;
}

function config(overrides: Partial<Config>): Config {
  // The defaults users get (src/config), for a node:http app.
  return { ...validateConfig({ framework: 'node-http', entry: 'src/index.ts' }), ...overrides };
}

function variant(
  name: string,
  ctx: Omit<RenderContext, 'cliVersion' | 'config'> & { config?: Partial<Config> },
  packageJson: Record<string, unknown>,
  compilerOptions: Record<string, unknown> | null,
): Variant {
  return {
    name,
    ctx: { ...ctx, config: config(ctx.config ?? {}), cliVersion: '0.0.0-test' },
    packageJson: { name: `fixture-${name}`, private: true, ...packageJson },
    tsconfig: compilerOptions === null ? null : { compilerOptions, include: ['src', 'tests'] },
    dir: '',
  };
}

const variants = {
  // (a) TypeScript, CommonJS, strict, an app with prom-client (metrics.ts); tests under vitest. Also the base of
  // the mutation checks.
  tsCjs: variant(
    'ts-cjs',
    { language: 'ts', moduleSystem: 'cjs', importExt: '', testRunner: 'vitest', promClient: true },
    {},
    { ...STRICT, module: 'commonjs', esModuleInterop: true },
  ),
  // (b) TypeScript, NodeNext ESM, every strict flag; node:test; Redis against the real server; the chat preset
  // (its history in Redis, shared by the nodes).
  tsEsmRedis: variant(
    'ts-esm-redis',
    { language: 'ts', moduleSystem: 'esm', importExt: '.js', testRunner: 'node:test', config: { redis: true, presets: ['chat'] } },
    { type: 'module' },
    { ...EVERY_STRICT_FLAG, module: 'NodeNext', moduleResolution: 'NodeNext' },
  ),
  // (c) JavaScript, CommonJS (jose reached through require(esm)), checked (// @ts-check, strict jsconfig.json)
  // with the three presets; plain node --test.
  jsCjs: variant(
    'js-cjs',
    { language: 'js', checkJs: true, moduleSystem: 'cjs', importExt: '', testRunner: 'node:test', config: { presets: ['chat', 'dashboard', 'collab'] } },
    {},
    { ...STRICT, module: 'commonjs' },
  ),
  // (e) JavaScript, ES modules, checked, with Redis and prom-client; vitest (type-checked only: esm-js runs it).
  jsEsmRedis: variant(
    'js-esm-redis',
    { language: 'js', checkJs: true, moduleSystem: 'esm', importExt: '.js', testRunner: 'vitest', promClient: true, config: { redis: true, standalone: true } },
    { type: 'module' },
    { ...STRICT, module: 'NodeNext', moduleResolution: 'NodeNext' },
  ),
  // (d) TypeScript, Node16 CommonJS (the TS1479 trap for static jose imports), auth none, node:test through tsx.
  tsNode16None: variant(
    'ts-node16-none',
    { language: 'ts', moduleSystem: 'cjs', importExt: '', testRunner: 'node:test', config: { auth: 'none' } },
    {},
    { ...STRICT, module: 'Node16', noUncheckedIndexedAccess: true, exactOptionalPropertyTypes: true },
  ),
};

let workDir = '';

function linkDependencies(dir: string, redis: boolean, promClient: boolean): void {
  const deps = ['ws', 'jose', '@types/ws', '@types/node', 'tsx', 'vitest', 'ot-text-unicode', ...(redis ? ['ioredis'] : []), ...(promClient ? ['prom-client'] : [])];
  for (const dep of deps) {
    const target = path.join(dir, 'node_modules', dep);
    mkdirSync(path.dirname(target), { recursive: true });
    symlinkSync(path.join(NODE_MODULES, dep), target, 'dir');
  }
}

function writeApp(v: Variant): void {
  v.dir = path.join(workDir, v.name);
  for (const file of renderFiles(v.ctx)) {
    const target = path.join(v.dir, ...file.path.split('/'));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, file.content);
  }
  writeFileSync(path.join(v.dir, 'package.json'), `${JSON.stringify(v.packageJson, null, 2)}\n`);
  if (v.tsconfig !== null) writeFileSync(path.join(v.dir, configFile(v)), `${JSON.stringify(v.tsconfig, null, 2)}\n`);
  linkDependencies(v.dir, v.ctx.config.redis, v.ctx.promClient === true);
}

interface Run {
  code: number;
  output: string;
}

/**
 * The environment of the generated tests: hostile WS_* values on purpose (they must not matter), and none of
 * the variables this vitest process sets for itself.
 */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(VITEST|NODE_OPTIONS$|WS_)/.test(name)) env[name] = value;
  }
  return {
    ...env,
    NO_COLOR: '1',
    WS_JWT_SECRET: 'not-the-secret-the-tests-use',
    WS_HEARTBEAT_MS: '5',
    WS_MAX_CONNECTIONS: '1',
    WS_ALLOWED_ORIGINS: 'https://somewhere-else.example',
    WS_HANDSHAKE_RATE: '1',
  };
}

function run(cwd: string, args: string[], timeout = 2 * MINUTE): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd, env: childEnv(), timeout, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, output: `${stdout}\n${stderr}` });
    });
  });
}

function tail(output: string, lines = 80): string {
  return output.split('\n').slice(-lines).join('\n');
}

/** A JavaScript app is checked through jsconfig.json (allowJs implied; the files say // @ts-check). */
function configFile(v: Variant): string {
  return v.ctx.language === 'js' ? 'jsconfig.json' : 'tsconfig.json';
}

async function typecheck(v: Variant): Promise<void> {
  const result = await run(v.dir, [TSC, '-p', path.join(v.dir, configFile(v)), '--noEmit']);
  expect(result.code, `tsc -p ${v.name}:\n${tail(result.output)}`).toBe(0);
}

function testFiles(v: Variant): string[] {
  const ext = v.ctx.language === 'ts' ? 'ts' : 'js';
  const tests = v.ctx.config.tests;
  return [
    `${tests}/ws.test.${ext}`,
    ...(v.ctx.config.redis ? [`${tests}/redis.test.${ext}`] : []),
    ...(v.ctx.config.presets.includes('chat') ? [`${tests}/chat.test.${ext}`] : []),
  ];
}

/** The command a fixture app uses to run its generated tests. */
function testCommand(v: Variant): string[] {
  if (v.ctx.testRunner === 'vitest') return [VITEST, 'run', v.ctx.config.tests];
  if (v.ctx.language === 'ts') return ['--import', 'tsx', '--test', ...testFiles(v)];
  return ['--test', ...testFiles(v)];
}

interface VitestReport {
  numTotalTests: number;
  testResults: { assertionResults: { status: string; fullName: string }[] }[];
}

/** Runs the generated tests of a vitest app; returns the full names of the failed tests. */
async function failedVitestTests(dir: string): Promise<{ failed: string[]; total: number; run: Run }> {
  const report = path.join(dir, 'vitest-report.json');
  const result = await run(dir, [VITEST, 'run', 'tests/ws', '--reporter=json', `--outputFile=${report}`]);
  const parsed = JSON.parse(readFileSync(report, 'utf8')) as VitestReport;
  const failed = parsed.testResults.flatMap((file) =>
    file.assertionResults.filter((test) => test.status !== 'passed').map((test) => test.fullName),
  );
  return { failed, total: parsed.numTotalTests, run: result };
}

/** A copy of the vitest app with `edits` applied to its rendered sources; each edit must apply. */
function mutant(name: string, edits: { file: string; from: string; to: string }[]): string {
  const dir = path.join(workDir, `mutant-${name}`);
  cpSync(variants.tsCjs.dir, dir, { recursive: true, verbatimSymlinks: true });
  rmSync(path.join(dir, 'vitest-report.json'), { force: true });
  for (const edit of edits) {
    const file = path.join(dir, edit.file);
    const source = readFileSync(file, 'utf8');
    expect(source.includes(edit.from), `mutation ${name}: ${edit.file} no longer contains ${JSON.stringify(edit.from)}`).toBe(true);
    writeFileSync(file, source.replace(edit.from, edit.to));
  }
  return dir;
}

beforeAll(() => {
  workDir = mkdtempSync(path.join(tmpdir(), 'cws-generated-'));
  for (const v of Object.values(variants)) writeApp(v);
});

afterAll(() => {
  if (workDir !== '' && process.env['KEEP_GENERATED'] === undefined) rmSync(workDir, { recursive: true, force: true });
});

describe('generated server: type-checks', () => {
  it('under TS CommonJS strict (module commonjs, esModuleInterop)', async () => {
    await typecheck(variants.tsCjs);
  }, MINUTE);

  it('under NodeNext ESM with verbatimModuleSyntax, exactOptionalPropertyTypes and every other strict flag', async () => {
    await typecheck(variants.tsEsmRedis);
  }, MINUTE);

  it('under Node16 CommonJS (jose is never imported statically) with auth none', async () => {
    await typecheck(variants.tsNode16None);
  }, MINUTE);

  it('as JavaScript with JSDoc types, // @ts-check under a strict jsconfig: CommonJS with the presets, ESM with Redis', async () => {
    for (const v of [variants.jsCjs, variants.jsEsmRedis]) {
      const server = readFileSync(path.join(v.dir, 'src/ws/server.js'), 'utf8');
      expect(server.split('\n')[1]).toBe('// @ts-check');
      expect(server).toMatch(/@param \{AttachOptions\} \[options\]/);
      await typecheck(v);
    }
  }, 2 * MINUTE);
});

describe('generated tests pass', () => {
  it('TS CommonJS, vitest', async () => {
    const { failed, total, run: result } = await failedVitestTests(variants.tsCjs.dir);
    expect(failed, tail(result.output)).toEqual([]);
    expect(total).toBeGreaterThanOrEqual(20);
    expect(result.code, tail(result.output)).toBe(0);
  }, 2 * MINUTE);

  it('TS NodeNext ESM with Redis (two nodes on the real Redis), node --import tsx --test', async () => {
    const result = await run(variants.tsEsmRedis.dir, testCommand(variants.tsEsmRedis));
    expect(result.code, tail(result.output)).toBe(0);
    expect(result.output).toMatch(/# fail 0/);
    expect(result.output).toMatch(/shares members, presence and messages between the nodes/);
    expect(result.output).toMatch(/ok \d+ - keeps the newest HISTORY_SIZE messages of a room, oldest first, for a newcomer on the other node/);
  }, 2 * MINUTE);

  it('JavaScript CommonJS, node --test', async () => {
    const result = await run(variants.jsCjs.dir, testCommand(variants.jsCjs));
    expect(result.code, tail(result.output)).toBe(0);
    expect(result.output).toMatch(/# fail 0/);
    expect(result.output).toMatch(/ok \d+ - keeps the newest HISTORY_SIZE messages of a room, oldest first\n/);
  }, 2 * MINUTE);

  it('TS Node16 CommonJS with auth none, node --import tsx --test', async () => {
    const result = await run(variants.tsNode16None.dir, testCommand(variants.tsNode16None));
    expect(result.code, tail(result.output)).toBe(0);
    expect(result.output).toMatch(/# fail 0/);
  }, 2 * MINUTE);
});

describe('mutation check: the generated tests fail when the server is broken', () => {
  it('the token verifier accepts anything', async () => {
    const dir = mutant('auth', [
      {
        file: 'src/ws/auth.ts',
        from: 'const { payload } = await jwtVerify(token, key, options);',
        to: "const payload: Record<string, unknown> = { sub: 'anyone' }; void jwtVerify;",
      },
    ]);
    const { failed, run: result } = await failedVitestTests(dir);
    expect(result.code).not.toBe(0);
    expect(failed.join('\n'), tail(result.output)).toMatch(/answers 401/);
  }, 2 * MINUTE);

  it('the origin check allows every origin', async () => {
    const dir = mutant('origin', [
      { file: 'src/ws/handshake.ts', from: '  const origin = req.headers.origin;\n', to: '  return true;\n' },
      { file: 'src/ws/handshake.ts', from: '  if (origin === undefined) return !requireOrigin;\n', to: '' },
    ]);
    const { failed, run: result } = await failedVitestTests(dir);
    expect(result.code).not.toBe(0);
    expect(failed.join('\n'), tail(result.output)).toMatch(/answers 403 to a foreign Origin/);
  }, 2 * MINUTE);

  it('the heartbeat never terminates a silent peer', async () => {
    const dir = mutant('heartbeat', [
      { file: 'src/ws/heartbeat.ts', from: '        conn.ws.terminate();\n        continue;', to: '        continue;' },
    ]);
    const { failed, run: result } = await failedVitestTests(dir);
    expect(result.code).not.toBe(0);
    expect(failed.join('\n'), tail(result.output)).toMatch(/terminates a silent peer/);
  }, 2 * MINUTE);
});

describe('seeded authorize hook', () => {
  it('is consulted for subscribe and publish; a denial answers forbidden', async () => {
    const dir = mutant('authorize', [
      {
        file: 'src/ws/authorize.ts',
        from: "  return user.id !== '' && channel !== '' && (action === 'subscribe' || action === 'publish');",
        to: "  if (channel.startsWith('private:')) return false;\n  if (channel.startsWith('readonly:')) return action === 'subscribe';\n  return user.id !== '';",
      },
    ]);
    writeFileSync(
      path.join(dir, 'tests/ws/ws.test.ts'),
      `import { afterAll, beforeAll, it } from 'vitest';
import { strict as assert } from 'node:assert';
import { connect, isolateEnv, sign, startServer, stopServer } from './helpers';
import type { TestServer } from './helpers';

let server: TestServer;
let restore: () => void;
beforeAll(async () => {
  restore = isolateEnv();
  server = await startServer();
});
afterAll(async () => {
  await stopServer(server);
  restore();
});

it('answers forbidden where authorize() says no', async () => {
  const client = await connect(server, { token: await sign('alice') });
  assert.equal((await client.request({ type: 'subscribe', channel: 'private:x' })).payload.code, 'forbidden');
  assert.equal((await client.request({ type: 'subscribe', channel: 'readonly:news' })).type, 'ack');
  assert.equal((await client.request({ type: 'publish', channel: 'readonly:news', payload: 1 })).payload.code, 'forbidden');
  assert.equal((await client.request({ type: 'subscribe', channel: 'public' })).type, 'ack');
  assert.equal((await client.request({ type: 'publish', channel: 'public', payload: 1 })).type, 'ack');
  client.ws.terminate();
});
`,
    );
    const { failed, total, run: result } = await failedVitestTests(dir);
    expect(failed, tail(result.output)).toEqual([]);
    expect(total).toBe(1);
  }, 2 * MINUTE);
});
