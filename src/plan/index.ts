// facts + config -> Plan. Pure: the same inputs give the same plan, byte for byte.
import path from 'node:path';
import { renderFiles } from '../render/index.js';
import type { RenderContext } from '../render/index.js';
import type { Config, Plan, PlannedDependency, RepoFacts } from '../types.js';
import { dependencyRanges } from './versions.js';
import { typesRangeFor } from './types-pins.js';
import { jestCommand } from './jest-command.js';

export function plan(facts: RepoFacts, config: Config, cliVersion: string): Plan {
  const ctx = renderContext(facts, config, cliVersion);
  // Line endings follow the repo, so a checkout with autocrlf never looks like an edit.
  const files = renderFiles(ctx).map((f) => (facts.eol === '\n' ? f : { ...f, content: f.content.replace(/\r?\n/g, facts.eol) }));
  const testFiles = files.filter((f) => f.path.startsWith(`${config.tests}/`) && /\.test\.[cm]?[jt]s$/.test(f.path)).map((f) => f.path);
  const testCommand = testScript(facts, ctx.testRunner, config.tests, testFiles);
  return {
    files,
    dependencies: dependenciesFor(facts, config),
    scripts: { 'test:ws': testCommand, ...(config.standalone ? { 'ws:start': `node ${standaloneRunFile(facts, config)}` } : {}) },
    wiring: config.standalone || !facts.serverSite ? null : wiringFor(facts, config, ctx.importExt),
    nextSteps: nextStepsFor(facts, config),
  };
}

export function renderContext(facts: RepoFacts, config: Config, cliVersion: string): RenderContext {
  return {
    config,
    language: facts.language,
    ...(facts.checkJs === true ? { checkJs: true } : {}),
    moduleSystem: facts.moduleSystem,
    importExt: needsJsExtension(facts) ? '.js' : '',
    testRunner: facts.testRunner,
    ...(importsJestGlobals(facts) ? { jestGlobalsImport: true } : {}),
    cliVersion,
    promClient: 'prom-client' in facts.packageJson.dependencies,
  };
}

/**
 * jest's globals in the generated tests: imported from '@jest/globals' when the app declares it (its own
 * tests do so), or when nothing else would type them in a type-checked app (no @types/jest); else the
 * ambient globals @types/jest types, as the app's own tests use them.
 */
function importsJestGlobals(facts: RepoFacts): boolean {
  if (facts.testRunner !== 'jest') return false;
  const declared = { ...facts.packageJson.dependencies, ...facts.packageJson.devDependencies };
  if ('@jest/globals' in declared) return true;
  const typed = facts.language === 'ts' || facts.checkJs === true;
  return typed && !('@types/jest' in declared);
}

/** ESM at run time, or Node16/NodeNext resolution at compile time, both want `.js` on relative imports. */
function needsJsExtension(facts: RepoFacts): boolean {
  if (facts.moduleSystem === 'esm') return true;
  const resolution = facts.tsconfig?.moduleResolution ?? facts.tsconfig?.module ?? '';
  return resolution === 'node16' || resolution === 'nodenext';
}

function dependenciesFor(facts: RepoFacts, config: Config): PlannedDependency[] {
  const ts = facts.language === 'ts';
  // A checked JavaScript app needs the types of what the generated code imports, as a TypeScript one does.
  const typed = ts || facts.checkJs === true;
  const wanted: PlannedDependency[] = [
    { name: 'ws', range: dependencyRanges.ws, dev: false },
    { name: 'jose', range: dependencyRanges.jose, dev: false },
  ];
  if (config.redis) wanted.push({ name: 'ioredis', range: dependencyRanges.ioredis, dev: false });
  // The collab preset's relay (and its client) transform with ot-text-unicode.
  if (config.presets.includes('collab')) wanted.push({ name: 'ot-text-unicode', range: dependencyRanges['ot-text-unicode'], dev: false });
  if (typed) {
    const tsVersion = facts.typescript?.version ?? null;
    wanted.push({ name: '@types/ws', range: typesRangeFor('@types/ws', tsVersion), dev: true });
    wanted.push({ name: '@types/node', range: typesRangeFor('@types/node', tsVersion), dev: true });
  }
  if (ts) {
    if (facts.testRunner === 'node:test') wanted.push({ name: 'tsx', range: dependencyRanges.tsx, dev: true });
  }
  const declared = { ...facts.packageJson.dependencies, ...facts.packageJson.devDependencies };
  // jest and @jest/globals are released together under one version: follow the app's jest range.
  if (importsJestGlobals(facts)) wanted.push({ name: '@jest/globals', range: declared.jest ?? dependencyRanges['@jest/globals'], dev: true });
  return wanted.filter((dep) => !(dep.name in declared));
}

function testScript(facts: RepoFacts, runner: RenderContext['testRunner'], testsDir: string, testFiles: string[]): string {
  if (runner === 'vitest') return `vitest run ${testsDir}`;
  // The repo's jest config decides transforms and roots; the path pattern narrows the run to our tests.
  if (runner === 'jest') return `${jestCommand(facts).command} --testTimeout 30000 ${testsDir}/`;
  const files = testFiles.join(' ');
  return facts.language === 'ts' ? `node --import tsx --test ${files}` : `node --test ${files}`;
}

function wiringFor(facts: RepoFacts, config: Config, importExt: string): Plan['wiring'] {
  const site = facts.serverSite!;
  const serverModule = `${config.out}/server`;
  let specifier = path.posix.relative(path.posix.dirname(site.file), serverModule);
  if (!specifier.startsWith('.')) specifier = `./${specifier}`;
  const style = facts.language === 'js' && facts.moduleSystem === 'cjs' ? 'require' : 'import';
  return { file: site.file, importSpecifier: specifier + importExt, style };
}

/**
 * The file `node` runs for the standalone server: the generated JavaScript itself, or where tsc emits
 * the TypeScript one (outDir, relative to rootDir; src/ when rootDir is implicit and the sources are there).
 */
export function standaloneRunFile(facts: RepoFacts, config: Config): string {
  const source = `${config.out}/standalone`;
  const ts = facts.tsconfig;
  if (facts.language === 'js' || !ts?.outDir) return `${source}.js`;
  const srcOnly = (ts.include ?? []).length > 0 && (ts.include ?? []).every((i) => i === 'src' || i.startsWith('src/'));
  const rootDir = (ts.rootDir ?? (srcOnly ? 'src' : '.')).replace(/^\.\//, '').replace(/\/+$/, '');
  const rel = rootDir === '.' || rootDir === '' ? source : path.posix.relative(rootDir, source);
  return `${path.posix.normalize(ts.outDir.replace(/^\.\//, ''))}/${rel}.js`;
}

function nextStepsFor(facts: RepoFacts, config: Config): string[] {
  const steps: string[] = [];
  if (config.standalone) {
    const build = facts.language === 'ts' ? 'build the app (tsc), then ' : '';
    steps.push(`Standalone: ${build}start the WebSocket server with ${runCommand(facts.packageManager, 'ws:start')} (node ${standaloneRunFile(facts, config)}); it listens on WS_PORT (default 8081).`);
  }
  if (config.auth === 'jwt') {
    steps.push('Set WS_JWT_SECRET (HS256, at least 32 characters) or WS_JWKS_URL in the environment before starting the app: the WebSocket server refuses to start without one.');
  }
  if (config.redis) steps.push('Set REDIS_URL (e.g. redis://127.0.0.1:6379) before starting the app.');
  steps.push(`Run the generated tests: ${runCommand(facts.packageManager, 'test:ws')}`);
  if (facts.testRunner === 'jest' && jestCommand(facts).addedVmModules) {
    steps.push('jest loads this ES module app\'s tests only under Node\'s --experimental-vm-modules: the test:ws script sets NODE_OPTIONS=--experimental-vm-modules; run your own jest the same way (e.g. "test": "NODE_OPTIONS=--experimental-vm-modules jest") so that it collects the generated tests too.');
  }
  if (facts.language === 'ts') steps.push('Type-check: npx tsc --noEmit');
  steps.push(`Connect: ws://localhost:<port>${config.path} with "Authorization: Bearer <jwt>" or the subprotocols ["ws-server.v1", "bearer.<jwt>"].`);
  steps.push(`Add your message types in ${config.out}/handlers/ and list them under "handlers" in ws-server.config.json, then run create-ws-server generate.`);
  return steps;
}

export function runCommand(pm: RepoFacts['packageManager'], script: string): string {
  return pm === 'npm' ? `npm run ${script}` : `${pm} run ${script}`;
}
