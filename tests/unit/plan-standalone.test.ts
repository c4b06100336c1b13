import { describe, expect, it } from 'vitest';
import { standaloneRunFile } from '../../src/plan/index.js';
import type { Config, RepoFacts, TsconfigFacts } from '../../src/types.js';

const config = { out: 'src/ws' } as Config;
const ts = (over: Partial<TsconfigFacts>): TsconfigFacts => ({
  path: 'tsconfig.json', strict: true, module: 'commonjs', moduleResolution: null, verbatimModuleSyntax: false, esModuleInterop: true,
  rootDir: null, outDir: null, include: null, ...over,
});
const facts = (language: 'ts' | 'js', tsconfig: TsconfigFacts | null) => ({ language, tsconfig }) as RepoFacts;

describe('standaloneRunFile: what `node` runs for --standalone', () => {
  it('is the generated JavaScript itself in a JavaScript app', () => {
    expect(standaloneRunFile(facts('js', null), config)).toBe('src/ws/standalone.js');
  });
  it('maps through outDir and rootDir in a TypeScript app', () => {
    expect(standaloneRunFile(facts('ts', ts({ outDir: 'dist', rootDir: 'src' })), config)).toBe('dist/ws/standalone.js');
    expect(standaloneRunFile(facts('ts', ts({ outDir: 'build', include: ['src'] })), config)).toBe('build/ws/standalone.js');
    expect(standaloneRunFile(facts('ts', ts({ outDir: 'dist' })), config)).toBe('dist/src/ws/standalone.js');
  });
  it('is next to the source when tsc emits in place', () => {
    expect(standaloneRunFile(facts('ts', ts({})), config)).toBe('src/ws/standalone.js');
  });
});
