import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/load.js';
import { plan } from '../../src/plan/index.js';
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
