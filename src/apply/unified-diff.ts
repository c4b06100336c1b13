// `diff -u` style text for one file, from node-diff3's line diff (what `create-ws-server diff` prints).
import { diffIndices } from 'node-diff3';
import { splitLines } from './merge.js';

const NO_EOL = '\\ No newline at end of file';

export function unifiedDiff(relPath: string, before: string | null, after: string | null, context = 3): string {
  if (before === after) return '';
  const a = splitLines(before ?? '');
  const b = splitLines(after ?? '');
  const changes = diffIndices(a, b);
  const out = [`--- ${before === null ? '/dev/null' : `a/${relPath}`}`, `+++ ${after === null ? '/dev/null' : `b/${relPath}`}`];

  // Group changes whose context would touch into one hunk.
  let i = 0;
  while (i < changes.length) {
    let j = i;
    while (j + 1 < changes.length && changes[j + 1]!.buffer1[0] - (changes[j]!.buffer1[0] + changes[j]!.buffer1[1]) <= 2 * context) j++;
    const first = changes[i]!;
    const last = changes[j]!;
    const aStart = Math.max(0, first.buffer1[0] - context);
    const aEnd = Math.min(a.length, last.buffer1[0] + last.buffer1[1] + context);
    const bStart = first.buffer2[0] - (first.buffer1[0] - aStart);
    const bEnd = bStart + (aEnd - aStart) + changes.slice(i, j + 1).reduce((n, c) => n + c.buffer2[1] - c.buffer1[1], 0);
    const range = (start: number, end: number): string => `${end - start === 0 ? start : start + 1},${end - start}`;
    out.push(`@@ -${range(aStart, aEnd)} +${range(bStart, bEnd)} @@`);
    let pos = aStart;
    for (const c of changes.slice(i, j + 1)) {
      for (; pos < c.buffer1[0]; pos++) out.push(...line(' ', a[pos]!));
      for (const l of c.buffer1Content) out.push(...line('-', l));
      for (const l of c.buffer2Content) out.push(...line('+', l));
      pos = c.buffer1[0] + c.buffer1[1];
    }
    for (; pos < aEnd; pos++) out.push(...line(' ', a[pos]!));
    i = j + 1;
  }
  return `${out.join('\n')}\n`;
}

function line(prefix: string, text: string): string[] {
  const body = text.replace(/\r?\n$/, '');
  return text.endsWith('\n') ? [prefix + body] : [prefix + body, NO_EOL];
}
