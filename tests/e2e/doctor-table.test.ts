// `doctor --json` on every fixture: framework, entry and server site (file, line, kind) as a table; plus
// detection cost on the largest fixture and on a synthetic repo of several thousand files (it must stay
// nearly flat: only files that create or start a server are parsed).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze/index.js';
import { FIXTURES } from '../helpers/paths.js';
import { assertReport } from '../helpers/report.js';
import { cleanupTempDirs, makeTempDir, runCli } from '../helpers/scaffold.js';

interface Expected {
  framework: string | null;
  entry: string | null;
  site: { file: string; line: number; kind: 'listen' | 'create-server' } | null;
  moduleSystem: 'cjs' | 'esm';
  existingWebSocket?: string[];
  warning?: string;
  /** detected.yarnFlavor, set only for yarn apps. */
  yarnFlavor?: 'classic' | 'berry';
}

const site = (file: string, line: number, kind: 'listen' | 'create-server') => ({ file, line, kind });

const TABLE: Record<string, Expected> = {
  'express-js-cjs': { framework: 'express', entry: 'src/server.js', site: site('src/server.js', 6, 'listen'), moduleSystem: 'cjs' },
  'express4-ts-cjs': { framework: 'express', entry: 'src/index.ts', site: site('src/index.ts', 7, 'listen'), moduleSystem: 'cjs' },
  'jest-ts-cjs': { framework: 'express', entry: 'src/index.ts', site: site('src/index.ts', 7, 'listen'), moduleSystem: 'cjs' },
  'jest-ts-esm': { framework: 'express', entry: 'src/index.ts', site: site('src/index.ts', 7, 'listen'), moduleSystem: 'esm' },
  'express4-ts47-cjs': { framework: 'express', entry: 'src/index.ts', site: site('src/index.ts', 7, 'listen'), moduleSystem: 'cjs' },
  'express5-ts-esm': { framework: 'express', entry: 'src/index.ts', site: site('src/index.ts', 8, 'create-server'), moduleSystem: 'esm' },
  'node-http-ts': { framework: 'node-http', entry: 'src/server.ts', site: site('src/server.ts', 8, 'create-server'), moduleSystem: 'cjs' },
  'node16-ts-cjs': { framework: 'node-http', entry: 'src/main.ts', site: site('src/main.ts', 6, 'listen'), moduleSystem: 'cjs' },
  'https-ts-cjs': { framework: 'express', entry: 'src/server.ts', site: site('src/server.ts', 22, 'create-server'), moduleSystem: 'cjs' },
  'fastify5-ts-esm': { framework: 'fastify', entry: 'src/server.ts', site: site('src/server.ts', 7, 'listen'), moduleSystem: 'esm' },
  'fastify4-ts-cjs': { framework: 'fastify', entry: 'src/index.ts', site: site('src/index.ts', 9, 'listen'), moduleSystem: 'cjs' },
  'fastify-cli-plugin': { framework: 'fastify', entry: 'app.js', site: null, moduleSystem: 'cjs', warning: 'NO_SERVER_FOUND' },
  'koa3-ts-cjs': { framework: 'koa', entry: 'src/index.ts', site: site('src/index.ts', 20, 'listen'), moduleSystem: 'cjs' },
  'koa2-js-cjs': { framework: 'koa', entry: 'src/server.js', site: site('src/server.js', 8, 'create-server'), moduleSystem: 'cjs' },
  'checkjs-cjs': { framework: 'koa', entry: 'src/index.js', site: site('src/index.js', 21, 'listen'), moduleSystem: 'cjs' },
  'hono-ts-esm': { framework: 'hono', entry: 'src/index.ts', site: site('src/index.ts', 6, 'create-server'), moduleSystem: 'esm' },
  'nest-express-ts-cjs': { framework: 'nestjs', entry: 'src/main.ts', site: site('src/main.ts', 8, 'listen'), moduleSystem: 'cjs' },
  'nest-fastify-ts-cjs': { framework: 'nestjs', entry: 'src/main.ts', site: site('src/main.ts', 9, 'listen'), moduleSystem: 'cjs' },
  'bundler-tsx-esm': { framework: 'express', entry: 'src/index.ts', site: site('src/index.ts', 4, 'listen'), moduleSystem: 'esm' },
  'esm-js': { framework: 'express', entry: 'src/index.js', site: site('src/index.js', 10, 'listen'), moduleSystem: 'esm' },
  'socketio-ts-cjs': { framework: 'express', entry: 'src/index.ts', site: site('src/index.ts', 13, 'create-server'), moduleSystem: 'cjs', existingWebSocket: ['socket.io'] },
  'fastify-websocket-ts-cjs': { framework: 'fastify', entry: 'src/index.ts', site: site('src/index.ts', 6, 'listen'), moduleSystem: 'cjs', existingWebSocket: ['@fastify/websocket'], warning: 'UPGRADE_SWALLOWED' },
  'ws-path-ts-cjs': { framework: 'express', entry: 'src/index.ts', site: site('src/index.ts', 10, 'create-server'), moduleSystem: 'cjs', existingWebSocket: ['ws'], warning: 'UPGRADE_SWALLOWED' },
  'no-server': { framework: null, entry: 'src/index.js', site: null, moduleSystem: 'cjs', warning: 'NO_SERVER_FOUND' },
  'monorepo-pnpm/apps/api': { framework: 'express', entry: 'src/index.ts', site: site('src/index.ts', 12, 'listen'), moduleSystem: 'cjs' },
  'monorepo-npm/apps/api': { framework: 'express', entry: 'src/server.js', site: site('src/server.js', 7, 'listen'), moduleSystem: 'cjs' },
  'monorepo-yarn/apps/api': { framework: 'express', entry: 'src/server.js', site: site('src/server.js', 7, 'listen'), moduleSystem: 'cjs', yarnFlavor: 'classic' },
  'monorepo-yarn-berry/apps/api': { framework: 'express', entry: 'src/server.js', site: site('src/server.js', 7, 'listen'), moduleSystem: 'cjs', yarnFlavor: 'berry' },
};

afterAll(() => cleanupTempDirs());

describe('doctor --json on every fixture', () => {
  it('the table covers every fixture app', () => {
    const apps = fs.readdirSync(FIXTURES).filter((n) => fs.existsSync(path.join(FIXTURES, n, 'package.json')) && !n.startsWith('monorepo-'));
    expect(apps.filter((n) => !(n in TABLE)), 'fixtures missing from the table').toEqual([]);
  });

  it.each(Object.entries(TABLE))('%s', { timeout: 60_000 }, async (fixture, want) => {
    const dir = path.join(FIXTURES, fixture);
    const res = await runCli(['doctor', '--json', '--cwd', dir], { cwd: dir });
    expect(res.exitCode, res.stderr).toBe(0);
    assertReport(res.report);
    const d = res.report.detected!;
    expect(d.framework?.name ?? null).toBe(want.framework);
    expect(d.entry).toBe(want.entry);
    expect(d.serverSite).toEqual(want.site);
    expect(d.moduleSystem).toBe(want.moduleSystem);
    expect(d.yarnFlavor).toBe(want.yarnFlavor);
    expect([...new Set(d.existingWebSocket.map((w) => w.library))]).toEqual(want.existingWebSocket ?? []);
    const codes = res.report.warnings.map((w) => w.code);
    if (want.warning) expect(codes).toContain(want.warning);
    // Only a stack that takes every upgrade is reported as one (socket.io coexists).
    expect(codes.includes('UPGRADE_SWALLOWED'), JSON.stringify(res.report.warnings)).toBe(want.warning === 'UPGRADE_SWALLOWED');
    if (want.site) {
      // the line really holds the call
      const line = fs.readFileSync(path.join(dir, want.site.file), 'utf8').split('\n')[want.site.line - 1] ?? '';
      expect(line).toMatch(want.site.kind === 'listen' ? /\.listen\s*\(/ : /createServer\s*\(|\bserve\s*\(/);
    }
  });
});

describe('doctor says what init will refuse', () => {
  it.each([
    ['ws-path-ts-cjs', "src/index.ts:11 creates `new WebSocketServer({ server, path: '/live' })`", 'new WebSocketServer({ noServer: true })'],
    ['fastify-websocket-ts-cjs', 'src/app.ts:13 registers @fastify/websocket (`app.register(websocket)`)', "app.addHook('onRequest'"],
  ])('%s: an UPGRADE_SWALLOWED warning with the very change init asks for', { timeout: 60_000 }, async (fixture, where, change) => {
    const dir = path.join(FIXTURES, fixture);
    const doctor = await runCli(['doctor', '--json', '--cwd', dir], { cwd: dir });
    expect(doctor.exitCode, doctor.stderr).toBe(0);
    assertReport(doctor.report);
    const warnings = doctor.report.warnings.filter((w) => w.code === 'UPGRADE_SWALLOWED');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toContain(where);
    expect(warnings[0]!.message).toContain(change);
    expect(doctor.report.nextSteps.join('\n')).toMatch(/UPGRADE_SWALLOWED.*--standalone/);
    expect(doctor.report.nextSteps.join('\n')).not.toContain('--dry-run');

    const init = await runCli(['init', '--yes', '--dry-run', '--json', '--cwd', dir], { cwd: dir });
    expect(init.exitCode, init.stderr).toBe(2);
    expect(init.report?.errors[0]?.message).toBe(`Not wired: ${warnings[0]!.message}`);

    // Not when our server would listen on its own port.
    const standalone = await runCli(['doctor', '--json', '--standalone', '--cwd', dir], { cwd: dir });
    expect(standalone.report?.warnings.map((w) => w.code)).not.toContain('UPGRADE_SWALLOWED');
  });
});

describe('doctor --json at a workspace root', () => {
  it.each([
    ['monorepo-pnpm', 'apps/api/src/index.ts:12'],
    ['monorepo-npm', 'apps/api/src/server.js:7'],
    ['monorepo-yarn', 'apps/api/src/server.js:7'],
    ['monorepo-yarn-berry', 'apps/api/src/server.js:7'],
  ])('%s: lists the apps with a server (MONOREPO_ROOT), not NO_SERVER_FOUND', { timeout: 60_000 }, async (fixture, where) => {
    const dir = path.join(FIXTURES, fixture);
    const res = await runCli(['doctor', '--json', '--cwd', dir], { cwd: dir });
    expect(res.exitCode, res.stderr).toBe(0);
    assertReport(res.report);
    const codes = res.report.warnings.map((w) => w.code);
    expect(codes).toEqual(['MONOREPO_ROOT']);
    expect(res.report.warnings[0]!.message).toContain(`Apps with an HTTP server: apps/api (express, ${where})`);
    expect(res.report.nextSteps.join('\n')).toContain('--cwd apps/api');
  });
});

/** A repo of `routers` router files (each imports express, none starts a server) and one server file. */
function syntheticRepo(routers: number): string {
  const dir = makeTempDir(`synthetic-${routers}`);
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'big', main: 'dist/index.js', dependencies: { express: '^5.1.0' } }));
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'commonjs', outDir: 'dist', rootDir: 'src' } }));
  const src = path.join(dir, 'src');
  for (let i = 0; i < routers; i++) {
    const sub = path.join(src, 'modules', `m${Math.floor(i / 100)}`);
    if (i % 100 === 0) fs.mkdirSync(sub, { recursive: true });
    fs.writeFileSync(
      path.join(sub, `r${i}.ts`),
      `import express from 'express';\nimport { helper } from '../../lib/helper';\nexport const router${i} = express.Router();\nrouter${i}.get('/r${i}', (_req, res) => { res.json({ n: ${i}, h: helper() }); });\n`,
    );
  }
  fs.mkdirSync(path.join(src, 'lib'), { recursive: true });
  fs.writeFileSync(path.join(src, 'lib', 'helper.ts'), 'export const helper = () => 1;\n');
  fs.writeFileSync(path.join(src, 'index.ts'), `import express from 'express';\nconst app = express();\napp.listen(3000, () => console.log('listening on 3000'));\n`);
  return dir;
}

describe('detection cost', () => {
  it('stays nearly flat from the largest fixture to a synthetic repo of 4,000 files', { timeout: 120_000 }, async () => {
    const timed = async (dir: string) => {
      await analyze(dir); // warm-up (module loading, fs cache)
      const t0 = performance.now();
      const facts = await analyze(dir);
      return { ms: performance.now() - t0, facts };
    };
    const fileCount = (d: string): number => fs.readdirSync(d, { recursive: true }).length;
    const largest = Object.keys(TABLE).map((f) => path.join(FIXTURES, f)).sort((a, b) => fileCount(b) - fileCount(a))[0]!;
    const small = await timed(largest);
    const big = await timed(syntheticRepo(4000));
    expect(big.facts.serverSite).toMatchObject({ file: 'src/index.ts', line: 3, kind: 'listen' });
    // Only the server file passes the prefilter: the 4,000 routers are read, never parsed.
    expect(big.facts.inspected).toEqual(['src/index.ts']);
    console.log(`[detection cost] analyze(): largest fixture (${path.basename(largest)}, ${fileCount(largest)} entries) ${small.ms.toFixed(0)} ms, synthetic 4,000-file repo ${big.ms.toFixed(0)} ms`);
    // Generous bound for a loaded 2-core machine: reading 4,000 small files, parsing one.
    expect(big.ms).toBeLessThan(10_000);

    const cli = await runCli(['doctor', '--json', '--cwd', big.facts.appRoot], { cwd: big.facts.appRoot });
    expect(cli.raw.durationMs).toBeLessThan(20_000);
    expect(cli.report?.detected?.serverSite).toMatchObject({ file: 'src/index.ts', line: 3 });
    console.log(`[detection cost] doctor --json (whole CLI process) on the 4,000-file repo: ${cli.raw.durationMs} ms`);
  });
});
