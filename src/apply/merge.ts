// Three-way merge of an owned file, line by line with node-diff3: base = what we generated last,
// ours = the file on disk (the user's edits), theirs = the new render. Lines keep their own line
// endings, so the merged text is byte-exact wherever it did not conflict.
import { diff3Merge, diffIndices } from 'node-diff3';

/** Conflict marker lines (documented in references/errors.md, CONFLICTS_LEFT). */
export const MARKERS = {
  ours: '<<<<<<< yours',
  separator: '=======',
  theirs: '>>>>>>> generated',
} as const;

export type Side = 'ours' | 'theirs';

export interface Hunk {
  /** 1-based, inclusive line numbers in the text the hunk refers to. */
  start: number;
  end: number;
}

export interface MergeOutcome {
  /** The merged text: with conflict markers when `side` was not given and a hunk conflicted. */
  text: string;
  /** Conflicting hunks (before any side was taken); with markers, their lines in `text`. */
  hunks: Hunk[];
}

/** Splits text into lines that each keep their terminator (the last one may have none). */
export function splitLines(text: string): string[] {
  return text === '' ? [] : text.split(/(?<=\n)/);
}

export function merge3(base: string, ours: string, theirs: string, side?: Side): MergeOutcome {
  const eol = ours.includes('\r\n') ? '\r\n' : '\n';
  const regions = diff3Merge(splitLines(ours), splitLines(base), splitLines(theirs), { excludeFalseConflicts: true });
  const out: string[] = [];
  const hunks: Hunk[] = [];
  // A block may end without a newline (the file's last line): close it before a marker follows.
  const pushBlock = (lines: string[]): void => {
    out.push(...lines);
    const last = out[out.length - 1];
    if (last !== undefined && !last.endsWith('\n')) out[out.length - 1] = last + eol;
  };
  for (const region of regions) {
    if (region.ok) {
      out.push(...region.ok);
      continue;
    }
    const conflict = region.conflict!;
    const start = out.length + 1;
    if (side) {
      out.push(...(side === 'ours' ? conflict.a : conflict.b));
      hunks.push({ start, end: Math.max(start, out.length) });
      continue;
    }
    out.push(MARKERS.ours + eol);
    pushBlock(conflict.a);
    out.push(MARKERS.separator + eol);
    pushBlock(conflict.b);
    out.push(MARKERS.theirs + eol);
    hunks.push({ start, end: out.length });
  }
  return { text: out.join(''), hunks };
}

const ANY_MARKER = /^(?:<{7}|>{7})(?: |\r?$)/m;

/** Whether the text still holds conflict markers (ours, or any other tool's). */
export function hasConflictMarkers(text: string): boolean {
  return ANY_MARKER.test(text);
}

/** The lines of each marked block, for the report. */
export function markerHunks(text: string): Hunk[] {
  const hunks: Hunk[] = [];
  let start = 0;
  splitLines(text).forEach((line, i) => {
    if (/^<{7}(?: |\r?\n?$)/.test(line)) start = i + 1;
    else if (/^>{7}(?: |\r?\n?$)/.test(line) && start > 0) {
      hunks.push({ start, end: i + 1 });
      start = 0;
    }
  });
  return hunks;
}

/**
 * Replaces each block marked by us (`<<<<<<< yours` ... `>>>>>>> generated`) with one side.
 * Markers of other tools are left alone (the file then still counts as conflicted).
 */
export function resolveMarkers(text: string, side: Side): string {
  const out: string[] = [];
  let state: 'none' | 'ours' | 'theirs' = 'none';
  for (const line of splitLines(text)) {
    const bare = line.replace(/\r?\n$/, '');
    if (state === 'none' && bare === MARKERS.ours) state = 'ours';
    else if (state === 'ours' && bare === MARKERS.separator) state = 'theirs';
    else if (state === 'theirs' && bare === MARKERS.theirs) state = 'none';
    else if (state === 'none' || state === side) out.push(line);
  }
  return out.join('');
}

/** Where `current` differs from `wanted`, as line ranges of `current` (for a conflict with no base). */
export function differingHunks(current: string, wanted: string): Hunk[] {
  return diffIndices(splitLines(current), splitLines(wanted)).map((d) => ({
    start: d.buffer1[0] + 1,
    end: d.buffer1[0] + Math.max(1, d.buffer1[1]),
  }));
}
