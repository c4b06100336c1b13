// Reads the file's own formatting (ts-morph's printers would impose 4 spaces, double quotes, LF).
import { Node, SyntaxKind, type SourceFile } from 'ts-morph';

export interface Format {
  eol: '\n' | '\r\n';
  quote: "'" | '"';
  semi: boolean;
  /** One level of indentation: '\t' or N spaces. */
  indent: string;
}

const SEMI_STATEMENTS = [
  SyntaxKind.ExpressionStatement,
  SyntaxKind.VariableStatement,
  SyntaxKind.ImportDeclaration,
  SyntaxKind.ReturnStatement,
  SyntaxKind.ThrowStatement,
] as const;

export function detectFormat(sf: SourceFile): Format {
  const text = sf.getFullText();
  return { eol: detectEol(text), quote: detectQuote(sf), semi: detectSemi(sf), indent: detectIndent(text) };
}

function detectEol(text: string): Format['eol'] {
  const crlf = text.split('\r\n').length - 1;
  const lf = text.split('\n').length - 1 - crlf;
  return crlf > lf ? '\r\n' : '\n';
}

/** Module specifiers decide first (they are what we add), then every string literal; single by default. */
function detectQuote(sf: SourceFile): Format['quote'] {
  const literals = sf.getDescendantsOfKind(SyntaxKind.StringLiteral);
  const specifiers = literals.filter((s) => {
    const p = s.getParent();
    return Node.isImportDeclaration(p) || Node.isExportDeclaration(p) || (Node.isCallExpression(p) && p.getExpression().getText() === 'require');
  });
  for (const set of [specifiers, literals]) {
    const double = set.filter((s) => s.getText().startsWith('"')).length;
    if (set.length > 0 && double * 2 !== set.length) return double * 2 > set.length ? '"' : "'";
  }
  return "'";
}

function detectSemi(sf: SourceFile): boolean {
  let withSemi = 0;
  let without = 0;
  for (const kind of SEMI_STATEMENTS) {
    for (const s of sf.getDescendantsOfKind(kind)) {
      if (s.getText().endsWith(';')) withSemi++;
      else without++;
    }
  }
  return withSemi >= without;
}

/** Tabs when most indented lines use them; else the most common step between space indents (2 by default). */
function detectIndent(text: string): string {
  let tabs = 0;
  let spaces = 0;
  let previous = 0;
  const steps = new Map<number, number>();
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const ws = /^[ \t]*/.exec(line)?.[0] ?? '';
    if (ws.startsWith('\t')) {
      tabs++;
      continue;
    }
    if (ws.length > 0 && line.trimStart().startsWith('*')) continue; // block comment body
    if (ws.length > 0) spaces++;
    const step = Math.abs(ws.length - previous);
    if (step > 0) steps.set(step, (steps.get(step) ?? 0) + 1);
    previous = ws.length;
  }
  if (tabs > spaces) return '\t';
  let best = 2;
  let count = 0;
  for (const [step, n] of steps) if (n > count || (n === count && step < best)) [best, count] = [step, n];
  return ' '.repeat(best);
}
