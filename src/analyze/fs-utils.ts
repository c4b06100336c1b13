// Small read-only file-system helpers shared by the analyze modules.
import { promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';

export async function readText(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch {
    return null;
  }
}

/**
 * Synchronous on purpose: for the thousands of small files of a source walk, one blocking call per file costs
 * a fraction of `fs.promises.readFile` (open, fstat, read, close, each a thread-pool round trip).
 */
export function readTextSync(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

export async function isFile(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isFile();
  } catch {
    return false;
  }
}

export async function isDir(dir: string): Promise<boolean> {
  try {
    return (await fs.stat(dir)).isDirectory();
  } catch {
    return false;
  }
}

/** POSIX path of `abs` relative to `root` (e.g. `src/index.ts`). */
export function toPosixRelative(root: string, abs: string): string {
  return path.relative(root, abs).split(path.sep).join('/');
}

/** `dir`, then each parent up to the file-system root. */
export function* ancestors(dir: string): Generator<string> {
  let current = path.resolve(dir);
  for (;;) {
    yield current;
    const parent = path.dirname(current);
    if (parent === current) return;
    current = parent;
  }
}

/** The `version` of an installed package, looked up the way Node resolves it (walking up node_modules). */
export async function installedVersion(fromDir: string, name: string): Promise<string | null> {
  for (const dir of ancestors(fromDir)) {
    const text = await readText(path.join(dir, 'node_modules', name, 'package.json'));
    if (text === null) continue;
    try {
      const version = (JSON.parse(text) as { version?: unknown }).version;
      return typeof version === 'string' ? version : null;
    } catch {
      return null;
    }
  }
  return null;
}

/** `^4.18.2` -> `4.18.2`; `latest`, `*`, `workspace:*` -> null. */
export function versionFromRange(range: string | undefined): string | null {
  if (!range) return null;
  const alias = /^npm:(?:@[^/]+\/)?[^@]+@(.*)$/.exec(range);
  const match = /\d+(?:\.\d+){0,2}(?:-[0-9A-Za-z.-]+)?/.exec(alias ? (alias[1] ?? '') : range);
  return match ? match[0] : null;
}

/** Maps `items` through `fn` with at most `limit` promises in flight, keeping order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
