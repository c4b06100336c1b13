import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { globToRegExp, jestCollects, JEST_DEFAULT_TEST_MATCH, literalConfig, readJestConfig } from '../../src/analyze/jest-config.js';
import { detectTestRunner } from '../../src/analyze/tooling.js';
import type { PackageJsonFacts } from '../../src/types.js';

const dirs: string[] = [];
function app(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jest-config-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const pkg = (over: Partial<PackageJsonFacts>): PackageJsonFacts => ({ name: 'a', type: null, main: null, scripts: {}, dependencies: {}, devDependencies: {}, ...over });

describe('detectTestRunner', () => {
  it('finds jest, prefers the runner the test script calls, and falls back to node:test', () => {
    expect(detectTestRunner(pkg({ devDependencies: { jest: '29.7.0', 'ts-jest': '29.4.15' } }))).toBe('jest');
    expect(detectTestRunner(pkg({ devDependencies: { jest: '29.7.0', vitest: '3.2.4' } }))).toBe('vitest');
    expect(detectTestRunner(pkg({ scripts: { test: 'jest --ci' }, devDependencies: { jest: '29.7.0', vitest: '3.2.4' } }))).toBe('jest');
    expect(detectTestRunner(pkg({}))).toBe('node:test');
  });
});

describe('jest globs', () => {
  it("match what jest's defaults match, and nothing else", () => {
    const matches = (file: string) => JEST_DEFAULT_TEST_MATCH.some((g) => globToRegExp(g).test(file));
    expect(matches('/app/tests/ws/ws.test.ts')).toBe(true);
    expect(matches('/app/src/__tests__/x.js')).toBe(true);
    expect(matches('/app/src/users.spec.mts')).toBe(true);
    expect(matches('/app/tests/ws/helpers.ts')).toBe(false);
    expect(matches('/app/tests/ws/ws.test.json')).toBe(false);
    expect(globToRegExp('<r>/tests/**/*.test.{ts,js}'.replace('<r>', '/app')).test('/app/tests/ws/ws.test.ts')).toBe(true);
    expect(globToRegExp('/app/tests/**/*.test.{ts,js}').test('/other/tests/ws/ws.test.ts')).toBe(false);
  });
});

describe('readJestConfig + jestCollects', () => {
  it('reads the jest key of package.json: roots and testMatch decide', async () => {
    const dir = app({});
    const cfg = (await readJestConfig(dir, { jest: { preset: 'ts-jest', roots: ['<rootDir>/src', '<rootDir>/tests'], testMatch: ['**/*.test.ts'] } }))!;
    expect(jestCollects(cfg, path.join(dir, 'tests/ws/ws.test.ts'))).toBe(true);
    expect(jestCollects(cfg, path.join(dir, 'test/ws/ws.test.ts'))).toBe(false); // outside the roots
  });

  it("reads Nest's stock config (rootDir src, testRegex .spec.ts): the generated tests are not collected", async () => {
    const dir = app({});
    const cfg = (await readJestConfig(dir, { jest: { rootDir: 'src', testRegex: '.*\\.spec\\.ts$', moduleFileExtensions: ['js', 'json', 'ts'] } }))!;
    expect(cfg.rootDir).toBe(path.join(dir, 'src'));
    expect(jestCollects(cfg, path.join(dir, 'test/ws/ws.test.ts'))).toBe(false);
    expect(jestCollects(cfg, path.join(dir, 'src/users/users.spec.ts'))).toBe(true);
  });

  it('reads the literals of a jest.config.js, and says when a key is not a literal', async () => {
    const code = "module.exports = {\n  preset: 'ts-jest',\n  roots: ['<rootDir>/src', \"<rootDir>/test\"],\n  testMatch: ['**/*.test.[jt]s'],\n};\n";
    expect(literalConfig(code)).toEqual({ roots: ['<rootDir>/src', '<rootDir>/test'], testMatch: ['**/*.test.[jt]s'] });
    expect(literalConfig('export default { roots: dirs.map((d) => `<rootDir>/${d}`) };')).toBeNull();
    const dir = app({ 'jest.config.js': code });
    const cfg = (await readJestConfig(dir, {}))!;
    expect(cfg).toMatchObject({ source: 'jest.config.js', readable: true });
    expect(jestCollects(cfg, path.join(dir, 'test/ws/ws.test.ts'))).toBe(true);
    expect(jestCollects(cfg, path.join(dir, 'tests/ws/ws.test.ts'))).toBe(false);
    const dynamic = app({ 'jest.config.ts': 'export default { roots: ROOTS };' });
    expect(await readJestConfig(dynamic, {})).toMatchObject({ source: 'jest.config.ts', readable: false });
  });

  it('uses the defaults without any config', async () => {
    const dir = app({});
    const cfg = (await readJestConfig(dir, {}))!;
    expect(jestCollects(cfg, path.join(dir, 'tests/ws/ws.test.ts'))).toBe(true);
    expect(jestCollects(cfg, path.join(dir, 'tests/ws/helpers.ts'))).toBe(false);
  });
});
