// Text edits over a source string, as the JSDoc writer and the CommonJS rewrite make them.

export interface Edit {
  pos: number;
  end: number;
  text: string;
}

/** Applies non-overlapping edits; edits at the same position keep the order they were made in. */
export function applyEdits(text: string, edits: Edit[]): string {
  const sorted = edits.map((edit, i) => ({ edit, i })).sort((a, b) => a.edit.pos - b.edit.pos || a.i - b.i);
  let out = '';
  let at = 0;
  for (const { edit } of sorted) {
    if (edit.pos < at) throw new Error(`overlapping edits at ${edit.pos}`);
    out += text.slice(at, edit.pos) + edit.text;
    at = edit.end;
  }
  return out + text.slice(at);
}
