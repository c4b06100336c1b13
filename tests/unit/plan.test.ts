import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/load.js';
import { plan } from '../../src/plan/index.js';
import { TYPES_FOR_TYPESCRIPT } from '../../src/plan/types-for-typescript.js';
import { typesRangeFor } from '../../src/plan/types-pins.js';
import { repoJestCommand } from '../../src/plan/jest-command.js';
import { dependencyRanges } from '../../src/plan/versions.js';
import type { RepoFacts } from '../../src/types.js';

function facts(over: Partial<RepoFacts> = {}): RepoFacts {
  return {
    appRoot: '/nonexistent/app',
    packageJson: { name: 'app', type: null, main: null, scripts: {}, dependencies: { express: '^4.22.0' }, devDependencies: {} },
    framework: { name: 'express', version: '4.22.3' },
    entry: 'src/index.ts',
    serverSite: { file: 'src/index.ts', line: 5, kind: 'listen', text: 'app.listen(port)' },
    moduleSystem: 'cjs',
    language: 'ts',
    typescript: { version: '5.9.3' },
    tsconfig: null,
    packageManager: 'npm',
    testRunner: 'node:test',
    existingWebSocket: [],
    formatter: null,
    eol: '\n',
    inspected: ['src/index.ts'],
    ...over,
  };
}

describe('plan', () => {
  it('is pure: the same facts and config give the same plan, byte for byte', () => {
    const config = validateConfig({});
    expect(JSON.stringify(plan(facts(), config, '1.0.0'))).toBe(JSON.stringify(plan(facts(), config, '1.0.0')));
  });

  it('plans the owned server files, the seeded ones and the tests', () => {
    const p = plan(facts(), validateConfig({}), '1.0.0');
    const byPath = new Map(p.files.map((f) => [f.path, f.kind]));
    for (const owned of ['server', 'protocol', 'auth', 'config', 'registry', 'rooms', 'heartbeat', 'handlers/registry', 'adapters/memory']) {
      expect(byPath.get(`src/ws/${owned}.ts`), owned).toBe('owned');
    }
    expect(byPath.get('src/ws/handlers/echo.ts')).toBe('seeded');
    expect(byPath.get('src/ws/authorize.ts')).toBe('seeded');
    expect(byPath.has('src/ws/adapters/redis.ts')).toBe(false);
    expect(p.files.some((f) => f.path.startsWith('tests/ws/') && f.kind === 'owned')).toBe(true);
    expect(plan(facts(), validateConfig({ redis: true }), '1.0.0').files.map((f) => f.path)).toContain('src/ws/adapters/redis.ts');
  });

  it('declares every package the generated code imports, and no more than missing', () => {
    const p = plan(facts(), validateConfig({ redis: true }), '1.0.0');
    expect(p.dependencies.map((d) => `${d.name}:${d.dev}`)).toEqual(['ws:false', 'jose:false', 'ioredis:false', '@types/ws:true', '@types/node:true', 'tsx:true']);
    const declared = facts({ packageJson: { ...facts().packageJson, devDependencies: { '@types/node': '^22.0.0', vitest: '^3.0.0' } }, testRunner: 'vitest' });
    expect(plan(declared, validateConfig({}), '1.0.0').dependencies.map((d) => d.name)).toEqual(['ws', 'jose', '@types/ws']);
    expect(plan(facts({ language: 'js', typescript: null }), validateConfig({}), '1.0.0').dependencies.map((d) => d.name)).toEqual(['ws', 'jose']);
    // A JavaScript app that type-checks its JavaScript needs the types of what the generated code imports.
    const checked = plan(facts({ language: 'js', typescript: null, checkJs: true }), validateConfig({}), '1.0.0');
    expect(checked.dependencies.map((d) => `${d.name}:${d.dev}`)).toEqual(['ws:false', 'jose:false', '@types/ws:true', '@types/node:true']);
    expect(checked.files.every((f) => f.content.split('\n')[1] === '// @ts-check')).toBe(true);
    // The collab preset's relay and client import ot-text-unicode (a runtime dependency; it ships its types).
    const collab = plan(facts(), validateConfig({ presets: ['collab'] }), '1.0.0');
    expect(collab.dependencies).toContainEqual({ name: 'ot-text-unicode', range: '^4.0.0', dev: false });
    expect(collab.files.some((f) => f.content.includes("from 'ot-text-unicode'"))).toBe(true);
  });

  it("pins @types to the release made for the repo's TypeScript when it is older than the range needs", () => {
    const range = (ts: string | null, name: '@types/ws' | '@types/node') =>
      plan(facts({ typescript: ts ? { version: ts } : null }), validateConfig({}), '1').dependencies.find((d) => d.name === name)?.range;
    // the generated table was made for the ranges we declare (rerun scripts/gen-types-for-typescript.mjs after a bump)
    for (const name of ['@types/ws', '@types/node'] as const) expect(TYPES_FOR_TYPESCRIPT[name].range).toBe(dependencyRanges[name]);
    // a current compiler: the usual ranges
    expect(range('5.9.3', '@types/ws')).toBe(dependencyRanges['@types/ws']);
    expect(range('7.0.0-dev.20250101.1', '@types/node')).toBe(dependencyRanges['@types/node']);
    expect(range(null, '@types/ws')).toBe(dependencyRanges['@types/ws']);
    // TypeScript 4.7: the tsX.Y release, exact
    expect(range('4.7.4', '@types/ws')).toBe(TYPES_FOR_TYPESCRIPT['@types/ws'].byTypeScript['4.7']);
    expect(range('4.7.4', '@types/node')).toBe(TYPES_FOR_TYPESCRIPT['@types/node'].byTypeScript['4.7']);
    expect(range('4.7.4', '@types/ws')).toMatch(/^8\.\d+\.\d+$/);
    expect(range('4.7.4', '@types/node')).toMatch(/^20\.\d+\.\d+$/);
    // exactly at the boundary: the minor the range needs takes the range; the one before takes its pin
    for (const name of ['@types/ws', '@types/node'] as const) {
      const needs = TYPES_FOR_TYPESCRIPT[name].rangeNeedsTypeScript;
      const [major, minor] = needs.split('.').map(Number) as [number, number];
      expect(typesRangeFor(name, `${needs}.0`), `${name} on ${needs}`).toBe(dependencyRanges[name]);
      const before = minor > 0 ? `${major}.${minor - 1}` : '4.9';
      expect(typesRangeFor(name, `${before}.5`), `${name} on ${before}`).toBe((TYPES_FOR_TYPESCRIPT[name].byTypeScript as Record<string, string>)[before]);
    }
    // older than the oldest we support: the oldest pin
    expect(typesRangeFor('@types/ws', '4.5.5')).toBe(TYPES_FOR_TYPESCRIPT['@types/ws'].byTypeScript['4.7']);
    // a declared @types package is left alone whatever the compiler
    const declared = facts({ typescript: { version: '4.7.4' }, packageJson: { ...facts().packageJson, devDependencies: { '@types/ws': '8.5.4' } } });
    expect(plan(declared, validateConfig({}), '1').dependencies.map((d) => d.name)).not.toContain('@types/ws');
  });

  it('runs jest for the generated tests the way the repo runs it when that enables vm modules (ES modules)', () => {
    const script = (over: Partial<RepoFacts>) => plan(facts({ testRunner: 'jest', ...over }), validateConfig({}), '1').scripts['test:ws'];
    const withTest = (test: string, moduleSystem: 'cjs' | 'esm' = 'esm') => script({ moduleSystem, packageJson: { ...facts().packageJson, scripts: { test } } });
    expect(script({})).toBe('jest --testTimeout 30000 tests/ws/');
    expect(withTest('NODE_OPTIONS=--experimental-vm-modules jest')).toBe('NODE_OPTIONS=--experimental-vm-modules jest --testTimeout 30000 tests/ws/');
    expect(withTest('tsc --noEmit && cross-env NODE_OPTIONS=--experimental-vm-modules npx jest --ci')).toBe('cross-env NODE_OPTIONS=--experimental-vm-modules npx jest --ci --testTimeout 30000 tests/ws/');
    expect(withTest('node --experimental-vm-modules node_modules/jest/bin/jest.js', 'cjs')).toBe('node --experimental-vm-modules node_modules/jest/bin/jest.js --testTimeout 30000 tests/ws/');
    // an ESM app whose test script does not say: the flag is added, and the next steps say so
    expect(withTest('jest')).toBe('NODE_OPTIONS=--experimental-vm-modules jest --testTimeout 30000 tests/ws/');
    expect(plan(facts({ testRunner: 'jest', moduleSystem: 'esm' }), validateConfig({}), '1').nextSteps.join('\n')).toMatch(/--experimental-vm-modules/);
    expect(plan(facts({ testRunner: 'jest' }), validateConfig({}), '1').nextSteps.join('\n')).not.toMatch(/vm-modules/);
    expect(repoJestCommand('vitest run --experimental-vm-modules')).toBeNull();
    expect(repoJestCommand(undefined)).toBeNull();
  });

  it("jest: the generated tests import @jest/globals when the app does, or when no @types/jest types jest's globals; it is then declared at the app's jest range", () => {
    const jestApp = (devDependencies: Record<string, string>, over: Partial<RepoFacts> = {}) =>
      plan(facts({ testRunner: 'jest', packageJson: { ...facts().packageJson, devDependencies: { jest: '29.7.0', ...devDependencies } }, ...over }), validateConfig({}), '1');
    const imports = (p: ReturnType<typeof plan>): boolean => p.files.find((f) => f.path === 'tests/ws/ws.test.ts')!.content.includes("from '@jest/globals';");
    const added = (p: ReturnType<typeof plan>) => p.dependencies.filter((d) => d.name.includes('jest'));

    // @types/jest only: the app's tests use the ambient globals, and so do ours.
    const ambient = jestApp({ '@types/jest': '29.5.14' });
    expect(imports(ambient)).toBe(false);
    expect(added(ambient)).toEqual([]);
    // @jest/globals declared (with or without @types/jest): imported, nothing to add.
    const withGlobals: Record<string, string>[] = [{ '@jest/globals': '29.7.0' }, { '@jest/globals': '29.7.0', '@types/jest': '29.5.14' }];
    for (const declared of withGlobals) {
      const p = jestApp(declared);
      expect(imports(p), JSON.stringify(declared)).toBe(true);
      expect(added(p)).toEqual([]);
    }
    // Neither: nothing would type the globals, so they are imported and @jest/globals is added with jest's own range.
    const neither = jestApp({});
    expect(imports(neither)).toBe(true);
    expect(added(neither)).toEqual([{ name: '@jest/globals', range: '29.7.0', dev: true }]);
    expect(added(jestApp({ jest: '^29.5.0' }))).toEqual([{ name: '@jest/globals', range: '^29.5.0', dev: true }]);
    // A checked JavaScript app is typed too; an unchecked one needs no types for the globals.
    expect(added(jestApp({}, { language: 'js', typescript: null, checkJs: true }))).toEqual([{ name: '@jest/globals', range: '29.7.0', dev: true }]);
    const plainJs = jestApp({}, { language: 'js', typescript: null });
    expect(added(plainJs)).toEqual([]);
    expect(plainJs.files.find((f) => f.path === 'tests/ws/ws.test.js')!.content).not.toContain('@jest/globals');
    // Other runners never get it.
    expect(plan(facts({ packageJson: { ...facts().packageJson, devDependencies: { '@jest/globals': '29.7.0' } } }), validateConfig({}), '1').dependencies.map((d) => d.name)).not.toContain('@jest/globals');
  });

  it('wires with the right import specifier for the module system', () => {
    expect(plan(facts(), validateConfig({}), '1').wiring).toEqual({ file: 'src/index.ts', importSpecifier: './ws/server', style: 'import' });
    const esm = plan(facts({ moduleSystem: 'esm' }), validateConfig({}), '1');
    expect(esm.wiring).toEqual({ file: 'src/index.ts', importSpecifier: './ws/server.js', style: 'import' });
    expect(esm.files.find((f) => f.path === 'src/ws/server.ts')!.content).toMatch(/from '\.\/protocol\.js'/);
    const js = plan(facts({ language: 'js', serverSite: { file: 'server.js', line: 3, kind: 'listen', text: '' } }), validateConfig({ out: 'lib/ws' }), '1');
    expect(js.wiring).toEqual({ file: 'server.js', importSpecifier: './lib/ws/server', style: 'require' });
    expect(js.files.every((f) => f.path.endsWith('.js'))).toBe(true);
  });

  it('adds a test:ws script for the repo runner', () => {
    expect(plan(facts(), validateConfig({}), '1').scripts['test:ws']).toMatch(/^node --import tsx --test tests\/ws\/\S+\.test\.ts/);
    expect(plan(facts({ testRunner: 'vitest' }), validateConfig({}), '1').scripts['test:ws']).toBe('vitest run tests/ws');
    expect(plan(facts({ language: 'js' }), validateConfig({}), '1').scripts['test:ws']).toMatch(/^node --test tests\/ws\/\S+\.test\.js/);
  });

  it('follows the repo line endings', () => {
    const p = plan(facts({ eol: '\r\n' }), validateConfig({}), '1');
    for (const f of p.files) expect(f.content.replace(/\r\n/g, '')).not.toContain('\n');
  });
});
