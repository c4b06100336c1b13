// The import half of the wiring: add `import { attach } from '<spec>'` (or the require form)
// next to the file's own imports, tell whether the name is already bound, and take it out again.
import { Node, SyntaxKind, type SourceFile, type Statement } from 'ts-morph';
import type { Format } from './format.js';
import { endOfNodeLine, lineStartAt, removeLineEdit, type Edit } from './source.js';

/** `require(...)`, `require(...).x`, `require(...)()`: a value that comes from require. */
function startsWithRequire(node: Node | undefined): boolean {
  while (node) {
    if (Node.isCallExpression(node)) {
      const callee = node.getExpression();
      if (Node.isIdentifier(callee) && callee.getText() === 'require') return true;
      node = callee;
    } else if (Node.isPropertyAccessExpression(node) || Node.isElementAccessExpression(node)) {
      node = node.getExpression();
    } else return false;
  }
  return false;
}

function isRequireStatement(s: Statement): boolean {
  if (Node.isExpressionStatement(s)) return startsWithRequire(s.getExpression());
  return Node.isVariableStatement(s) && s.getDeclarations().some((d) => startsWithRequire(d.getInitializer()));
}

function isImport(s: Statement): boolean {
  return Node.isImportDeclaration(s) || Node.isImportEqualsDeclaration(s);
}

/** True when `name` is already bound at the top of the file (import, require destructuring, declaration). */
export function isBoundAtTop(sf: SourceFile, name: string): boolean {
  for (const s of sf.getStatements()) {
    if (Node.isImportDeclaration(s)) {
      const clause = s.getImportClause();
      if (!clause) continue;
      const locals = [clause.getDefaultImport(), clause.getNamespaceImport(), ...clause.getNamedImports().map((n) => n.getAliasNode() ?? n.getNameNode())];
      if (locals.some((l) => l?.getText() === name)) return true;
    } else if (Node.isImportEqualsDeclaration(s) || Node.isFunctionDeclaration(s) || Node.isClassDeclaration(s)) {
      if (s.getName() === name) return true;
    } else if (Node.isVariableStatement(s)) {
      for (const d of s.getDeclarations()) {
        const nameNode = d.getNameNode();
        const bound = Node.isIdentifier(nameNode)
          ? [nameNode]
          : nameNode.getDescendantsOfKind(SyntaxKind.BindingElement).map((b) => b.getNameNode());
        if (bound.some((b) => Node.isIdentifier(b) && b.getText() === name)) return true;
      }
    }
  }
  return false;
}

export interface ImportRequest {
  name: string;
  specifier: string;
  style: 'import' | 'require';
}

export function importLine(req: ImportRequest, fmt: Format): string {
  const spec = `${fmt.quote}${req.specifier}${fmt.quote}`;
  const semi = fmt.semi ? ';' : '';
  return req.style === 'import'
    ? `import { ${req.name} } from ${spec}${semi}`
    : `const { ${req.name} } = require(${spec})${semi}`;
}

/**
 * The edit adding our import line: after the last import (for `require`, the last import or require
 * that runs before `before`, the statement that will use it), else at the top of the file after a
 * shebang, 'use strict' and leading comments.
 */
export function addImportEdit(sf: SourceFile, req: ImportRequest, fmt: Format, before: Statement): Edit {
  const text = sf.getFullText();
  const line = importLine(req, fmt);
  const statements = sf.getStatements();
  const anchors = statements.filter((s) =>
    req.style === 'import' ? isImport(s) : (isImport(s) || isRequireStatement(s)) && s.getEnd() <= before.getStart(),
  );
  const prologue = statements.filter((s, i) => statements.slice(0, i + 1).every(isDirective));
  const anchor = anchors.at(-1) ?? prologue.at(-1);
  const at = anchor && endOfNodeLine(text, anchor);
  if (at !== undefined) return { pos: at, end: at, text: fmt.eol + line };
  const first = statements[0];
  if (!first) return { pos: text.length, end: text.length, text: (text.length > 0 ? fmt.eol : '') + line + fmt.eol };
  const start = lineStartAt(text, first.getStart());
  const pos = text.slice(start, first.getStart()).trim() === '' ? start : first.getStart();
  return { pos, end: pos, text: line + fmt.eol };
}

function isDirective(s: Statement): boolean {
  return Node.isExpressionStatement(s) && Node.isStringLiteral(s.getExpression());
}

/** Edits removing an import/require that binds only `name` from `specifier` (the line we add). */
export function removeImportEdits(sf: SourceFile, name: string, specifier: string): Edit[] {
  const text = sf.getFullText();
  const ours = sf.getStatements().filter((s) => {
    if (Node.isImportDeclaration(s)) {
      const clause = s.getImportClause();
      const named = clause?.getNamedImports() ?? [];
      return (
        s.getModuleSpecifierValue() === specifier &&
        !clause?.isTypeOnly() &&
        !clause?.getDefaultImport() &&
        named.length === 1 &&
        named[0]?.getText() === name
      );
    }
    if (!Node.isVariableStatement(s) || s.getDeclarations().length !== 1) return false;
    const d = s.getDeclarations()[0]!;
    const pattern = d.getNameNode();
    const init = d.getInitializer();
    const arg = Node.isCallExpression(init) && init.getArguments().length === 1 ? init.getArguments()[0] : undefined;
    return (
      Node.isObjectBindingPattern(pattern) &&
      pattern.getElements().length === 1 &&
      pattern.getElements()[0]?.getText() === name &&
      Node.isCallExpression(init) &&
      init.getExpression().getText() === 'require' &&
      Node.isStringLiteral(arg) &&
      arg.getLiteralValue() === specifier
    );
  });
  return ours.map((s) => removeLineEdit(text, s));
}
