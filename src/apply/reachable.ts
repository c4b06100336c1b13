// Is a call to our attach function still reachable from the entry? The user may have moved the
// `attachWebSocketServer(server)` call into a module the entry imports; then the wiring is intact and
// must not be added a second time. A bounded walk over relative imports, text only (no parser).
import { statSync } from 'node:fs';
import path from 'node:path';
import { readText } from './manifest.js';

const IMPORT_SPEC = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)(['"])(\.{1,2}\/[^'"]+)\1/gm;
const EXTENSIONS = ['', '.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs', '/index.ts', '/index.js'];
const MAX_FILES = 200;

/** Files of `skipDir` (our generated server) are not searched: a call must come from the app. */
export async function attachCallReachable(appRoot: string, entry: string, attachName: string, skipDir: string): Promise<boolean> {
  const call = new RegExp(`\\b${attachName}\\s*\\(`);
  const skip = path.join(appRoot, ...skipDir.split('/')) + path.sep;
  const seen = new Set<string>();
  const queue = [path.join(appRoot, ...entry.split('/'))];
  while (queue.length > 0 && seen.size < MAX_FILES) {
    const file = queue.shift()!;
    if (seen.has(file) || file.startsWith(skip)) continue;
    seen.add(file);
    const text = await readText(file);
    if (text === null) continue;
    if (call.test(stripComments(text))) return true;
    for (const m of text.matchAll(IMPORT_SPEC)) {
      // Past the bound, resolving more imports is wasted work (a routes file may import thousands of modules).
      if (seen.size + queue.length >= MAX_FILES) break;
      const target = resolveRelative(path.dirname(file), m[2]!);
      if (target && !seen.has(target) && !queue.includes(target)) queue.push(target);
    }
  }
  return false;
}

/** A stat per candidate, not a read: existence is all that is asked here. */
function resolveRelative(dir: string, spec: string): string | null {
  const base = path.resolve(dir, spec);
  // NodeNext imports name the emitted .js file: look for its .ts source too.
  const candidates = [...EXTENSIONS.map((e) => base + e), base.replace(/\.([cm]?)js$/, '.$1ts')];
  return candidates.find((candidate) => statSync(candidate, { throwIfNoEntry: false })?.isFile() === true) ?? null;
}

function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}
