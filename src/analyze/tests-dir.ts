// Where the generated tests go when --tests is not given: next to the repo's own tests (`test/` for Nest
// and repos that have one, else `tests/`), and never where the app's own `tsc` build would compile them. A
// build without rootDir roots its output at the common folder of its inputs: tests/ws/*.ts beside src/ move
// dist/main.js to dist/src/main.js (Nest's stock tsconfig compiles every .ts and excludes only `test/`).
import path from 'node:path';
import type { RepoFacts } from '../types.js';
import { isDir, isFile } from './fs-utils.js';
import { globToRegExp } from './jest-config.js';
import { readChain, type RawConfig } from './tsconfig.js';

const DEFAULT_EXCLUDES = ['node_modules', 'bower_components', 'jspm_packages'];

/** The default tests directory (POSIX, relative to the app root). */
export async function defaultTestsDir(facts: RepoFacts): Promise<string> {
  const root = facts.appRoot;
  const usesTest = facts.framework?.name === 'nestjs' || ((await isDir(path.join(root, 'test'))) && !(await isDir(path.join(root, 'tests'))));
  const candidates = usesTest ? ['test/ws', 'tests/ws'] : ['tests/ws', 'test/ws'];
  if (facts.language !== 'ts') return candidates[0]!;
  const build = await buildProject(root, facts.packageJson.scripts);
  if (!build) return candidates[0]!;
  for (const dir of candidates) {
    if (!(await compiledBy(build, path.join(root, dir, 'ws.test.ts')))) return dir;
  }
  return candidates[0]!;
}

/** The tsconfig the build script compiles (`tsc -p x`, `nest build` -> tsconfig.build.json), else tsconfig.json. */
async function buildProject(root: string, scripts: Record<string, string>): Promise<string | null> {
  const build = scripts.build ?? '';
  const project = /\btsc\b[^&|;]*?(?:-p|--project)\s+(\S+)/.exec(build)?.[1];
  const candidates: string[] = [];
  if (project) candidates.push(project.endsWith('.json') ? project : path.join(project, 'tsconfig.json'));
  if (/\bnest\s+build\b/.test(build)) candidates.push('tsconfig.build.json');
  candidates.push('tsconfig.json');
  for (const c of candidates) {
    const file = path.resolve(root, c);
    if (await isFile(file)) return file;
  }
  return null;
}

interface Specs {
  files: string[] | null;
  include: string[] | null;
  exclude: string[] | null;
  outDir: string | null;
}

/** include/exclude/files/outDir, each absolute and taken from the most derived config in the `extends` chain that sets it. */
async function specsOf(file: string): Promise<Specs> {
  const chain = await readChain(file);
  const first = <T>(pick: (config: RawConfig) => T | null): T | null => {
    for (const config of chain) {
      const value = pick(config);
      if (value !== null) return value;
    }
    return null;
  };
  const list = (config: RawConfig, v: unknown): string[] | null =>
    Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').map((p) => path.resolve(path.dirname(config.file), p)) : null;
  return {
    files: first((c) => list(c, c.files)),
    include: first((c) => list(c, c.include)),
    exclude: first((c) => list(c, c.exclude)),
    outDir: first((c) => (typeof c.compilerOptions.outDir === 'string' ? path.resolve(path.dirname(c.file), c.compilerOptions.outDir) : null)),
  };
}

/** Whether `tsc -p tsconfigFile` would compile `file` (tsconfig include/exclude semantics). */
export async function compiledBy(tsconfigFile: string, file: string): Promise<boolean> {
  const specs = await specsOf(tsconfigFile);
  if (specs.files?.includes(file)) return true;
  const include = specs.include ?? (specs.files ? [] : [path.join(path.dirname(tsconfigFile), '**/*')]);
  const exclude = specs.exclude ?? [...DEFAULT_EXCLUDES.map((d) => path.join(path.dirname(tsconfigFile), d)), ...(specs.outDir ? [specs.outDir] : [])];
  const posix = (p: string): string => p.split(path.sep).join('/');
  const f = posix(file);
  const matches = (pattern: string): boolean => {
    const p = posix(pattern);
    // A last segment without a wildcard or an extension names a folder: everything under it.
    const last = p.slice(p.lastIndexOf('/') + 1);
    const folder = !/[*?]/.test(last) && !last.includes('.');
    return folder ? f.startsWith(`${p.replace(/\/+$/, '')}/`) : globToRegExp(p).test(f);
  };
  return include.some(matches) && !exclude.some(matches);
}
