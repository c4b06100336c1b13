// Parsing and text splicing for the wiring edits. Edits are computed as positions in the
// original text and spliced in, so no line the edit does not touch is reprinted.
import { Node, Project, ts, type SourceFile } from 'ts-morph';

let project: Project | undefined;

const SCRIPT_KINDS: Record<string, ts.ScriptKind> = {
  ts: ts.ScriptKind.TS,
  mts: ts.ScriptKind.TS,
  cts: ts.ScriptKind.TS,
  tsx: ts.ScriptKind.TSX,
  js: ts.ScriptKind.JS,
  mjs: ts.ScriptKind.JS,
  cjs: ts.ScriptKind.JS,
  jsx: ts.ScriptKind.JSX,
};

/** The parser drops a leading byte order mark from the text it positions against: keep it aside. */
export function splitBom(text: string): { bom: string; body: string } {
  return text.startsWith('\uFEFF') ? { bom: '\uFEFF', body: text.slice(1) } : { bom: '', body: text };
}

/** Parses `text` in memory (never touches disk), runs `fn` on it, then forgets the file. */
export function withSourceFile<T>(text: string, fileName: string, fn: (sf: SourceFile) => T): T {
  project ??= new Project({
    useInMemoryFileSystem: true,
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: true,
    skipLoadingLibFiles: true,
    compilerOptions: { allowJs: true },
  });
  const ext = /\.([a-z]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? 'ts';
  const scriptKind = SCRIPT_KINDS[ext] ?? ts.ScriptKind.TS;
  const sf = project.createSourceFile(`/wire/input.${SCRIPT_KINDS[ext] ? ext : 'ts'}`, text, {
    overwrite: true,
    scriptKind,
  });
  try {
    return fn(sf);
  } finally {
    project.removeSourceFile(sf);
  }
}

/** The parser's own syntax errors (no type checking involved), as "line N: message". */
export function syntaxErrors(sf: SourceFile): string[] {
  const diags = (sf.compilerNode as unknown as { parseDiagnostics?: readonly ts.Diagnostic[] }).parseDiagnostics ?? [];
  return diags.map((d) => {
    const line = d.start === undefined ? '?' : sf.getLineAndColumnAtPos(d.start).line;
    return `line ${line}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
  });
}

export interface Edit {
  pos: number;
  end: number;
  text: string;
}

/** Applies edits made against the original text; inserts at the same position keep their list order. */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  const order = edits.map((edit, i) => ({ edit, i })).sort((a, b) => b.edit.pos - a.edit.pos || b.i - a.i);
  let out = text;
  for (const { edit } of order) out = out.slice(0, edit.pos) + edit.text + out.slice(edit.end);
  return out;
}

export function lineStartAt(text: string, pos: number): number {
  return text.lastIndexOf('\n', pos - 1) + 1;
}

/** Position of the end of the line holding `pos`, before its `\r\n` / `\n`. */
export function lineEndAt(text: string, pos: number): number {
  const nl = text.indexOf('\n', pos);
  if (nl === -1) return text.length;
  return text[nl - 1] === '\r' ? nl - 1 : nl;
}

export function indentAt(text: string, pos: number): string {
  return /^[ \t]*/.exec(text.slice(lineStartAt(text, pos)))?.[0] ?? '';
}

/**
 * Where a new line can follow `node`: the end of its last line, after any comment trailing it.
 * Undefined when more code follows on that line (then a new line cannot go "after" it cleanly).
 */
export function endOfNodeLine(text: string, node: Node): number | undefined {
  let pos = node.getEnd();
  for (const c of ts.getTrailingCommentRanges(text, pos) ?? []) pos = c.end;
  const end = lineEndAt(text, pos);
  return text.slice(pos, end).trim() === '' ? end : undefined;
}

/** An edit deleting the line(s) holding `node` together with one line break, if nothing else is on them. */
export function removeLineEdit(text: string, node: Node): Edit {
  const start = lineStartAt(text, node.getStart());
  const end = endOfNodeLine(text, node);
  if (end === undefined || text.slice(start, node.getStart()).trim() !== '') {
    return { pos: node.getStart(), end: node.getEnd(), text: '' };
  }
  if (start > 0) return { pos: start - (text[start - 2] === '\r' ? 2 : 1), end, text: '' };
  const next = text.indexOf('\n', end);
  return { pos: start, end: next === -1 ? text.length : next + 1, text: '' };
}

/** First line of a node's text, whitespace collapsed and cut to a readable length, for messages. */
export function snippet(s: string): string {
  const first = s.trim().split(/\r?\n/)[0] ?? '';
  const one = first.replace(/\s+/g, ' ');
  return one.length > 80 ? `${one.slice(0, 77)}...` : one;
}
