export interface Range {
  median: number | null;
  min: number | null;
  max: number | null;
}

export function range(values: ReadonlyArray<number | null>): Range {
  const v = values.filter((x): x is number => x !== null && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return { median: null, min: null, max: null };
  const mid = Math.floor(v.length / 2);
  const median = v.length % 2 === 1 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
  return { median, min: v[0]!, max: v[v.length - 1]! };
}

/** a / b of the medians, or null when either is missing or b is 0. */
export function ratio(a: Range | number | null, b: Range | number | null): number | null {
  const x = typeof a === 'object' && a !== null ? a.median : a;
  const y = typeof b === 'object' && b !== null ? b.median : b;
  if (x === null || y === null || y === 0) return null;
  return x / y;
}

export const sum = (values: readonly number[]): number => values.reduce((s, x) => s + x, 0);
