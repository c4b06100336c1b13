// Just enough Markdown for the docs tests: fenced blocks, tables under a heading, links, heading slugs and a
// frontmatter of plain `key: value` lines. Our docs are written to this subset; anything else fails loudly.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../helpers/paths.js';

export interface CodeBlock {
  /** The info string's first word (`sh`, `ts`, `json`, ...), '' when none. */
  lang: string;
  body: string;
  /** 1-based line of the opening fence. */
  line: number;
}

export function readDoc(rel: string): string {
  return fs.readFileSync(path.join(ROOT, rel), 'utf8');
}

/** Fenced (```) blocks in document order. */
export function codeBlocks(md: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = md.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)/.exec(lines[i]!);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]!); i++) body.push(lines[i]!);
    if (i >= lines.length) throw new Error(`unclosed code fence at line ${start + 1}`);
    blocks.push({ lang: open[1]!.toLowerCase(), body: body.join('\n'), line: start + 1 });
  }
  return blocks;
}

/** The text with fenced blocks blanked out (line numbers kept), for prose-only checks. */
export function withoutCodeBlocks(md: string): string {
  let inside = false;
  return md
    .split('\n')
    .map((line) => {
      if (/^```/.test(line)) {
        inside = !inside;
        return '';
      }
      return inside ? '' : line;
    })
    .join('\n');
}

/** The lines of the section under the heading whose text is exactly `title` (any level), up to the next heading of that level or above. */
export function section(md: string, title: string): string {
  const lines = withoutCodeBlocks(md).split('\n');
  const start = lines.findIndex((l) => /^#{1,6} /.test(l) && l.replace(/^#+ /, '').trim() === title);
  if (start === -1) throw new Error(`no heading "${title}"`);
  const level = /^#+/.exec(lines[start]!)![0].length;
  const end = lines.findIndex((l, i) => i > start && new RegExp(`^#{1,${level}} `).test(l));
  return lines.slice(start + 1, end === -1 ? undefined : end).join('\n');
}

/** Rows (cells trimmed) of every table in the section under `title`, header and separator rows left out. */
export function tableRows(md: string, title: string): string[][] {
  const rows: string[][] = [];
  let header = true;
  for (const line of section(md, title).split('\n')) {
    if (!line.startsWith('|')) {
      header = true;
      continue;
    }
    if (/^\|[\s:|-]+\|$/.test(line)) {
      header = false;
      continue;
    }
    if (header) continue;
    rows.push(splitRow(line));
  }
  return rows;
}

/** Splits a table row on unescaped pipes that are not inside backticks. */
function splitRow(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let code = false;
  for (let i = 1; i < line.length; i++) {
    const c = line[i]!;
    if (c === '\\' && line[i + 1] === '|') {
      cell += '|';
      i++;
    } else if (c === '`') {
      code = !code;
      cell += c;
    } else if (c === '|' && !code) {
      cells.push(cell.trim());
      cell = '';
    } else cell += c;
  }
  return cells;
}

/** The first `code span` of a cell, or null. */
export function firstCode(cell: string): string | null {
  return /`([^`]+)`/.exec(cell)?.[1] ?? null;
}

/** Every `code span` of a cell. */
export function codeSpans(text: string): string[] {
  return [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
}

/** Link targets of inline links `[text](target)` outside code blocks and code spans. */
export function linkTargets(md: string): { target: string; line: number }[] {
  const out: { target: string; line: number }[] = [];
  withoutCodeBlocks(md)
    .split('\n')
    .forEach((line, i) => {
      const prose = line.replace(/`[^`]*`/g, '');
      for (const m of prose.matchAll(/\]\(([^)\s]+)\)/g)) out.push({ target: m[1]!, line: i + 1 });
    });
  return out;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

export function headingSlugs(md: string): Set<string> {
  return new Set(
    withoutCodeBlocks(md)
      .split('\n')
      .filter((l) => /^#{1,6} /.test(l))
      .map((l) => slug(l.replace(/^#+ /, ''))),
  );
}

export interface Frontmatter {
  /** Top-level keys in order, with their raw (unquoted) values; nested maps as objects. */
  fields: Record<string, string | Record<string, string>>;
  /** The Markdown after the closing `---`. */
  body: string;
}

/** Parses a frontmatter of `key: value` lines and one level of nested `key:` maps with quoted-or-plain values. */
export function frontmatter(md: string): Frontmatter {
  const lines = md.split('\n');
  if (lines[0] !== '---') throw new Error('SKILL.md must start with a --- frontmatter line');
  const end = lines.indexOf('---', 1);
  if (end === -1) throw new Error('frontmatter has no closing ---');
  const fields: Frontmatter['fields'] = {};
  let nested: Record<string, string> | null = null;
  for (const [i, line] of lines.slice(1, end).entries()) {
    const top = /^([A-Za-z][\w-]*):(?: (.*))?$/.exec(line);
    const child = /^ {2}([A-Za-z][\w-]*): (.+)$/.exec(line);
    if (top) {
      if (top[1]! in fields) throw new Error(`frontmatter key ${top[1]} appears twice`);
      if (top[2] === undefined || top[2].trim() === '') {
        nested = {};
        fields[top[1]!] = nested;
      } else {
        nested = null;
        fields[top[1]!] = unquote(top[2]);
      }
    } else if (child && nested) {
      nested[child[1]!] = unquote(child[2]!);
    } else {
      throw new Error(`frontmatter line ${i + 2} is not a plain "key: value" line: ${JSON.stringify(line)}`);
    }
  }
  return { fields, body: lines.slice(end + 1).join('\n') };
}

function unquote(raw: string): string {
  const v = raw.trim();
  if (/^"(?:[^"\\]|\\.)*"$/.test(v)) return JSON.parse(v) as string;
  if (/^'(?:[^']|'')*'$/.test(v)) return v.slice(1, -1).replace(/''/g, "'");
  if (/^[>|]/.test(v) || /: /.test(v) || /^[[{&*!%@`]/.test(v)) {
    throw new Error(`frontmatter value needs quotes or is not plain text: ${v}`);
  }
  return v;
}
