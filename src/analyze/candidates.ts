// Which files might start the HTTP server, found cheaply: entries named by package.json
// (`main`, start/dev scripts, mapped from the build output back to sources), conventional
// names, and a bounded walk of the sources filtered by a text test on what creates or
// starts a server. Only files passing that test are ever parsed.
import { promises as fs, readdirSync, type Dirent } from 'node:fs';
import path from 'node:path';
import type { PackageJsonFacts, TsconfigFacts } from '../types.js';
import { isDir, isFile } from './fs-utils.js';

/**
 * `x.listen(`, `x.listen<T>(`, `createServer(`, Hono's `serve(` / `createAdaptorServer(`; deliberately not
 * the word `express` (every router has it).
 */
export const SERVER_PREFILTER = /\.listen\s*(?:<[^>]*>)?\s*\(|createServer\s*\(|\bserve\s*\(|createAdaptorServer\s*\(/;

/** Our generated files say so in their first lines; they are never the user's server or WebSocket stack. */
const GENERATED_HEADER = /(?:Generated|Seeded)(?: once)? by create-ws-server/;

export function isGeneratedFile(text: string): boolean {
  return GENERATED_HEADER.test(text.slice(0, 500));
}

export const SOURCE_EXTENSIONS = ['.ts', '.mts', '.cts', '.tsx', '.js', '.mjs', '.cjs', '.jsx'];
const ENTRY_NAMES = ['index', 'main', 'server', 'app'];
const ENTRY_EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'];
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'build', 'coverage', 'test', 'tests', '__tests__', '__mocks__']);
const SKIPPED_FILE = /\.d\.[cm]?ts$|\.(?:test|spec)\.[cm]?[jt]sx?$/;
const ENTRY_SCRIPT = /^(?:start|dev|serve)(?::|$)/;
const FLAG_WITH_VALUE = new Set(['-r', '--require', '--import', '--loader', '--experimental-loader', '-e', '--eval', '-p', '--print']);

export const DEFAULT_WALK_LIMIT = 5_000;

/** Directories never walked: build output, tests, dependencies, dot-dirs, and tsconfig's outDir. */
export function skippedDirs(tsconfig: TsconfigFacts | null): Set<string> {
  const out = new Set(SKIPPED_DIRS);
  const outDir = tsconfig?.outDir?.split('/')[0];
  if (outDir && outDir !== '.' && outDir !== '..') out.add(outDir);
  return out;
}

/** Source files under `src/` (or the app root when there is none), sorted, at most `limit`. */
export async function listSourceFiles(appRoot: string, skip: Set<string>, limit = DEFAULT_WALK_LIMIT): Promise<string[]> {
  const srcDir = path.join(appRoot, 'src');
  const start = (await isDir(srcDir)) ? srcDir : appRoot;
  const files: string[] = [];
  const queue = [start];
  while (queue.length > 0 && files.length < limit) {
    const dir = queue.shift() as string;
    let entries: Dirent[];
    try {
      // Synchronous, like the reads of sources.ts: thousands of small calls, no thread-pool round trips.
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      // Symlinks are not followed (no cycles, no walking into linked packages).
      if (entry.isDirectory()) {
        if (!skip.has(entry.name)) queue.push(full);
      } else if (entry.isFile() && SOURCE_EXTENSIONS.includes(path.extname(entry.name)) && !SKIPPED_FILE.test(entry.name)) {
        files.push(full);
        if (files.length >= limit) break;
      }
    }
  }
  return files;
}

/** `src/{index,main,server,app}.*`, then the same names at the root, that exist. */
export async function conventionalEntries(appRoot: string): Promise<string[]> {
  const out: string[] = [];
  for (const dir of [path.join(appRoot, 'src'), appRoot]) {
    let names: Set<string>;
    try {
      names = new Set(await fs.readdir(dir));
    } catch {
      continue;
    }
    for (const name of ENTRY_NAMES) {
      for (const ext of ENTRY_EXTENSIONS) if (names.has(name + ext)) out.push(path.join(dir, name + ext));
    }
  }
  return out;
}

/** Files named by package.json `main` and the start/dev scripts, mapped to their sources. */
export async function packageJsonEntries(appRoot: string, pkg: PackageJsonFacts, tsconfig: TsconfigFacts | null): Promise<string[]> {
  const named: string[] = [];
  if (pkg.main) named.push(pkg.main);
  const scriptNames = Object.keys(pkg.scripts)
    .filter((n) => ENTRY_SCRIPT.test(n))
    .sort((a, b) => scriptRank(a) - scriptRank(b) || (a < b ? -1 : 1));
  for (const name of scriptNames) named.push(...filesInScript(pkg.scripts[name] ?? '', pkg.main));

  const out: string[] = [];
  for (const file of named) {
    const source = await toSourceFile(appRoot, file, tsconfig);
    if (source && !out.includes(source)) out.push(source);
  }
  return out;
}

function scriptRank(name: string): number {
  return name === 'start' ? 0 : name === 'dev' ? 1 : name === 'serve' ? 2 : 3;
}

/** `node -r dotenv/config dist/index.js && x` -> [`dist/index.js`]; `node .` -> main. */
export function filesInScript(script: string, main: string | null): string[] {
  const out: string[] = [];
  for (const command of script.split(/&&|\|\||[;|&]/)) {
    const tokens = command.trim().split(/\s+/);
    for (let i = 0; i < tokens.length; i++) {
      const token = (tokens[i] ?? '').replace(/^['"]|['"]$/g, '');
      const previous = tokens[i - 1] ?? '';
      if (token.startsWith('-') || FLAG_WITH_VALUE.has(previous) || token.includes('=')) continue;
      if (token === '.' && i > 0 && /(?:^|\/)node$/.test(previous) && main) out.push(main);
      else if (SOURCE_EXTENSIONS.includes(path.extname(token)) && !token.includes('node_modules')) out.push(token);
    }
  }
  return out;
}

const SOURCE_FOR_BUILT: Record<string, string[]> = {
  '.js': ['.ts', '.tsx', '.js'],
  '.mjs': ['.mts', '.mjs'],
  '.cjs': ['.cts', '.cjs'],
};

/**
 * The source behind a file a script runs: `dist/index.js` -> `src/index.ts` through tsconfig's
 * outDir/rootDir (or the usual dist|build -> src); a built file with no source is skipped.
 */
async function toSourceFile(appRoot: string, file: string, tsconfig: TsconfigFacts | null): Promise<string | null> {
  let rel = path.posix.normalize(file.split(path.sep).join('/')).replace(/^\.\//, '');
  if (!path.extname(rel)) rel += '.js';
  const ext = path.extname(rel);
  const stem = rel.slice(0, -ext.length);
  const builtDirs = tsconfig?.outDir && tsconfig.outDir !== '.' ? [tsconfig.outDir] : ['dist', 'build', 'out', 'lib'];
  const builtDir = builtDirs.find((d) => stem.startsWith(`${d}/`));

  const tries: string[] = [];
  if (builtDir) {
    const rest = stem.slice(builtDir.length + 1);
    const rootDir = tsconfig?.rootDir ?? ((await isDir(path.join(appRoot, 'src'))) ? 'src' : '.');
    const base = rootDir === '.' ? rest : `${rootDir}/${rest}`;
    tries.push(...(SOURCE_FOR_BUILT[ext] ?? [ext]).map((e) => base + e));
    // `rootDir` left implicit: tsc strips the common source root, which is often `src`.
    if (!tsconfig?.rootDir && rootDir === '.') tries.push(...(SOURCE_FOR_BUILT[ext] ?? [ext]).map((e) => `src/${rest}${e}`));
  } else {
    tries.push(rel, ...(SOURCE_FOR_BUILT[ext] ?? []).map((e) => stem + e));
  }
  for (const candidate of tries) {
    const abs = path.resolve(appRoot, candidate);
    if (await isFile(abs)) return abs;
  }
  return null;
}

const RELATIVE_IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"\n]*)\1/g;

/** Module keys (absolute path without extension) that `text` imports relatively. */
export function relativeImportKeys(file: string, text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(RELATIVE_IMPORT)) {
    const target = path.resolve(path.dirname(file), m[2] ?? '');
    out.push(moduleKey(target));
  }
  return out;
}

/** `/a/src/app.ts` and `/a/src/app.js` -> `/a/src/app`; `/a/src/server/index.ts` -> `/a/src/server`. */
export function moduleKey(file: string): string {
  const ext = path.extname(file);
  const stem = SOURCE_EXTENSIONS.includes(ext) ? file.slice(0, -ext.length) : file;
  return path.basename(stem) === 'index' ? path.dirname(stem) : stem;
}
