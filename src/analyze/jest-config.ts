// Where jest looks for tests: `rootDir`, `roots`, `testMatch`/`testRegex`, read from package.json's `jest` key or
// jest.config.json, or the string literals of a jest.config.{js,ts,...} (never run: it is the user's code). A key
// set to anything but literals makes the config unreadable, and the caller says what it must allow.
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** jest 29's default testMatch. */
export const JEST_DEFAULT_TEST_MATCH = ['**/__tests__/**/*.?([mc])[jt]s?(x)', '**/?(*.)+(spec|test).?([mc])[jt]s?(x)'];

const CODE_CONFIGS = ['jest.config.js', 'jest.config.ts', 'jest.config.cjs', 'jest.config.mjs', 'jest.config.cts', 'jest.config.mts'];

export interface JestConfigFacts {
  /** Where the config was found, relative to the app root ('package.json' for its `jest` key). */
  source: string;
  /** False for a config written in code: roots and patterns are then unknown. */
  readable: boolean;
  /** Absolute. */
  rootDir: string;
  /** Absolute. */
  roots: string[];
  testMatch: string[];
  testRegex: string[];
}

export async function readJestConfig(appRoot: string, rawPkg: Record<string, unknown>): Promise<JestConfigFacts | null> {
  if (isObject(rawPkg.jest)) return fromObject(appRoot, 'package.json', rawPkg.jest);
  try {
    const json = JSON.parse(await fs.readFile(path.join(appRoot, 'jest.config.json'), 'utf8')) as unknown;
    if (isObject(json)) return fromObject(appRoot, 'jest.config.json', json);
  } catch {
    // no (valid) jest.config.json: look for a config in code
  }
  for (const name of CODE_CONFIGS) {
    let code: string;
    try {
      code = await fs.readFile(path.join(appRoot, name), 'utf8');
    } catch {
      continue;
    }
    const literal = literalConfig(code);
    return literal ? fromObject(appRoot, name, literal) : { source: name, readable: false, rootDir: appRoot, roots: [appRoot], testMatch: [], testRegex: [] };
  }
  return fromObject(appRoot, '(jest defaults)', {});
}

function fromObject(appRoot: string, source: string, cfg: Record<string, unknown>): JestConfigFacts {
  const rootDir = typeof cfg.rootDir === 'string' ? path.resolve(appRoot, cfg.rootDir) : appRoot;
  const expand = (p: string): string => p.replace(/<rootDir>/g, rootDir);
  const strings = (v: unknown): string[] | null => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : null);
  const roots = (strings(cfg.roots) ?? ['<rootDir>']).map((r) => path.resolve(rootDir, expand(r)));
  const testRegex = strings(cfg.testRegex) ?? [];
  const testMatch = testRegex.length > 0 ? [] : (strings(cfg.testMatch) ?? JEST_DEFAULT_TEST_MATCH).map(expand);
  return { source, readable: true, rootDir, roots, testMatch, testRegex };
}

/** Whether jest, so configured, collects the test file at `absFile`. */
export function jestCollects(cfg: JestConfigFacts, absFile: string): boolean {
  const file = absFile.split(path.sep).join('/');
  const inRoot = cfg.roots.some((root) => {
    const r = root.split(path.sep).join('/').replace(/\/+$/, '');
    return file === r || file.startsWith(`${r}/`);
  });
  if (!inRoot) return false;
  if (cfg.testRegex.length > 0) return cfg.testRegex.some((re) => new RegExp(re).test(file));
  return cfg.testMatch.some((glob) => globToRegExp(glob.split(path.sep).join('/')).test(file));
}

/**
 * The subset of micromatch jest's globs use: `**`, `*`, `?`, `[...]`, `{a,b}` and the extglobs `?(..)`,
 * `+(..)`, `*(..)`, `@(..)`, `!(..)` (approximated as `*`). A pattern without a leading `/` matches at any depth,
 * as jest's does.
 */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  let i = 0;
  const groups: string[] = [];
  while (i < glob.length) {
    const c = glob[i]!;
    const next = glob[i + 1];
    if ('?+*@!'.includes(c) && next === '(') {
      groups.push(c);
      re += c === '!' ? '(?:(?!' : '(?:';
      i += 2;
      continue;
    }
    if (c === ')' && groups.length > 0) {
      const kind = groups.pop()!;
      re += kind === '?' ? ')?' : kind === '+' ? ')+' : kind === '*' ? ')*' : kind === '!' ? ')[^/]*)' : ')';
      i += 1;
      continue;
    }
    if (c === '|' && groups.length > 0) {
      re += '|';
      i += 1;
      continue;
    }
    if (c === '*' && next === '*') {
      // `**/` matches zero or more directories
      if (glob[i + 2] === '/') {
        re += '(?:[^/]*/)*';
        i += 3;
      } else {
        re += '.*';
        i += 2;
      }
      continue;
    }
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i);
      if (end > i) {
        re += glob.slice(i, end + 1);
        i = end + 1;
        continue;
      }
      re += '\\[';
    } else if (c === '{') {
      const end = glob.indexOf('}', i);
      if (end > i) {
        re += `(?:${glob
          .slice(i + 1, end)
          .split(',')
          .map((part) => part.replace(/[.+^$()|\\]/g, '\\$&').replace(/\*/g, '[^/]*'))
          .join('|')})`;
        i = end + 1;
        continue;
      }
      re += '\\{';
    } else re += c.replace(/[.+^$(){}|\\/]/g, '\\$&');
    i += 1;
  }
  return new RegExp(glob.startsWith('/') ? `^${re}$` : `(?:^|/)${re}$`);
}

const KEYS = ['rootDir', 'roots', 'testMatch', 'testRegex'] as const;
const STRING = String.raw`(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")`;

/** The keys that decide collection, when each is absent or a string literal / array of them; else null. */
export function literalConfig(code: string): Record<string, unknown> | null {
  const out: Record<string, unknown> = {};
  for (const key of KEYS) {
    const at = new RegExp(String.raw`\b${key}\s*:\s*`).exec(code);
    if (!at) continue;
    const rest = code.slice(at.index + at[0].length);
    const single = new RegExp(`^${STRING}`).exec(rest);
    if (single) {
      out[key] = unescape(single[1] ?? single[2] ?? '');
      continue;
    }
    if (!rest.startsWith('[')) return null;
    const items: string[] = [];
    const item = new RegExp(String.raw`^[\s,]*${STRING}`);
    let tail = rest.slice(1);
    for (let m = item.exec(tail); m; m = item.exec(tail)) {
      items.push(unescape(m[1] ?? m[2] ?? ''));
      tail = tail.slice(m[0].length);
    }
    if (!/^[\s,]*\]/.test(tail)) return null;
    out[key] = items;
  }
  return out;
}

function unescape(s: string): string {
  return s.replace(/\\(.)/g, '$1');
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
