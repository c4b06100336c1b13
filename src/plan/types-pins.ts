// @types ranges for the repo's own TypeScript. DefinitelyTyped drops old compilers from its newest
// releases, so an app on an old TypeScript gets the release made for its compiler (the tsX.Y dist-tag,
// recorded in types-for-typescript.ts), pinned exactly; a current compiler gets the usual range.
import { dependencyRanges } from './versions.js';
import { TYPES_FOR_TYPESCRIPT } from './types-for-typescript.js';

export type PinnedTypes = keyof typeof TYPES_FOR_TYPESCRIPT;

/** `5.2.2` -> [5, 2]; null for anything else. */
function minorOf(version: string): [number, number] | null {
  const m = /^(\d+)\.(\d+)/.exec(version.trim());
  return m ? [Number(m[1]), Number(m[2])] : null;
}

function older(a: [number, number], b: [number, number]): boolean {
  return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
}

/** The range to declare for `name` when the repo's installed TypeScript is `typescriptVersion` (null: unknown). */
export function typesRangeFor(name: PinnedTypes, typescriptVersion: string | null): string {
  const entry = TYPES_FOR_TYPESCRIPT[name];
  const repo = typescriptVersion ? minorOf(typescriptVersion) : null;
  const needs = minorOf(entry.rangeNeedsTypeScript);
  if (!repo || !needs || !older(repo, needs)) return dependencyRanges[name];
  const byTypeScript: Record<string, string> = entry.byTypeScript;
  const exact = byTypeScript[`${repo[0]}.${repo[1]}`];
  if (exact) return exact;
  // Older than the oldest minor in the table (we support 4.7 and later): the oldest pin is the best there is.
  const oldest = Object.keys(byTypeScript).map((k) => [k, minorOf(k)!] as const).sort((a, b) => (older(a[1], b[1]) ? -1 : 1))[0];
  return oldest && older(repo, oldest[1]) ? byTypeScript[oldest[0]]! : dependencyRanges[name];
}
