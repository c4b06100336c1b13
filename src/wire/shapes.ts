// The call half of the wiring: one small function per shape of the statement holding the server
// call, each returning text edits (or why it will not touch the file), plus the inverse for `remove`.
import { Node, SyntaxKind, type ArrowFunction, type CallExpression, type Expression, type SourceFile, type Statement } from 'ts-morph';
import type { Format } from './format.js';
import { endOfNodeLine, indentAt, lineStartAt, removeLineEdit, snippet, type Edit } from './source.js';

/** Names tried, in order, when the server has to be captured in a new variable. */
export const CAPTURE_NAMES = ['server', 'httpServer', 'wsHttpServer'] as const;

/** Calls that return the same http.Server they are called on, so `x.listen().on(...)` is still the server. */
const RETURNS_SERVER = new Set(['listen', 'on', 'once']);

export interface ShapeContext {
  sf: SourceFile;
  text: string;
  fmt: Format;
  attachName: string;
  /** "file:line", the prefix of every message. */
  where: string;
  /** Written after the argument of the attach call, e.g. ` as import('node:http').Server` (Hono's serve() returns a union). */
  cast?: string;
}

export type ShapeResult = { edits: Edit[] } | { skip: string };

export function expected(where: string, found: string, detail?: string): string {
  return `${where}: expected a listen() or createServer() call statement, found "${snippet(found)}"${detail ? ` (${detail})` : ''}`;
}

function calleeName(node: Node): Node | undefined {
  if (!Node.isCallExpression(node)) return undefined;
  const callee = node.getExpression();
  if (Node.isIdentifier(callee)) return callee;
  if (Node.isPropertyAccessExpression(callee)) return callee.getNameNode();
  return undefined;
}

/** True when the file calls `name(...)` or `x.name(...)` anywhere. */
export function hasCallTo(sf: SourceFile, name: string): boolean {
  return sf.getDescendantsOfKind(SyntaxKind.CallExpression).some((c) => calleeName(c)?.getText() === name);
}

/**
 * The expression that evaluates to the http.Server for the call the analysis found at `line`:
 * the `listen(...)` / `createServer(...)` call (the line may fall anywhere between the call's start and
 * its method name), extended over chained `.listen()/.on()/.once()`, `await`, parentheses and type assertions.
 */
export function findServerExpression(sf: SourceFile, line: number, kind: 'listen' | 'create-server', call?: string): Expression | undefined {
  let expr: Expression | undefined = findSiteCall(sf, line, call ?? (kind === 'listen' ? 'listen' : 'createServer'));
  while (expr) {
    const parent: Node | undefined = expr.getParent();
    const outer = parent?.getParent();
    if (Node.isPropertyAccessExpression(parent) && RETURNS_SERVER.has(parent.getName()) && Node.isCallExpression(outer) && outer.getExpression() === parent) {
      expr = outer;
    } else if (isTransparent(parent)) {
      expr = parent;
    } else break;
  }
  return expr;
}

/** The call of `wanted(...)` / `x.wanted(...)` the analysis found at `line` (anywhere between its start and its name). */
export function findSiteCall(sf: SourceFile, line: number, wanted: string): CallExpression | undefined {
  const calls = sf.getDescendantsOfKind(SyntaxKind.CallExpression).filter((c) => {
    const name = calleeName(c);
    return name?.getText() === wanted && c.getStartLineNumber() <= line && line <= name.getStartLineNumber();
  });
  return calls.find((c) => c.getStartLineNumber() === line) ?? calls[0];
}

/**
 * Frameworks whose listen() does not return the server (Fastify, NestJS): `attach(<app><member>)`
 * next to the statement holding `<app>.listen(...)`, after it (before it when it is a `return`).
 */
export function attachThroughReceiver(listen: CallExpression, member: string, ctx: ShapeContext): ShapeResult {
  const callee = listen.getExpression();
  const stmt = enclosingStatement(listen);
  if (!Node.isPropertyAccessExpression(callee) || !Node.isStatement(stmt)) {
    return { skip: expected(ctx.where, stmt.getText(), 'not a method call on the app') };
  }
  const receiver = unwrapTransparent(callee.getExpression());
  if (!/^(?:this\.)?[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/.test(receiver.getText())) {
    return { skip: expected(ctx.where, stmt.getText(), `the app is "${snippet(receiver.getText())}", not a plain name; assign the app to a variable first and run again`) };
  }
  const fn = (n: Node): boolean => Node.isFunctionLikeDeclaration(n) || Node.isArrowFunction(n) || Node.isFunctionExpression(n);
  if (listen.getFirstAncestor(fn) !== stmt.getFirstAncestor(fn)) {
    return { skip: expected(ctx.where, stmt.getText(), 'the call is inside a callback; give it its own statement and run again') };
  }
  const arg = `${receiver.getText()}${member}`;
  if (Node.isReturnStatement(stmt)) return insertBefore(stmt, arg, ctx);
  return insertAfter(stmt, arg, ctx);
}

function unwrapTransparent(node: Node): Node {
  let n = node;
  while (Node.isParenthesizedExpression(n) || Node.isAsExpression(n) || Node.isNonNullExpression(n) || Node.isTypeAssertion(n)) n = n.getExpression();
  return n;
}

/** Wrappers that leave the value as it is: `await x`, `(x)`, `x as T`, `x!`, `x satisfies T`, `<T>x`. */
function isTransparent(node: Node | undefined): node is Expression {
  return (
    Node.isAwaitExpression(node) || Node.isParenthesizedExpression(node) || Node.isAsExpression(node) ||
    Node.isNonNullExpression(node) || Node.isSatisfiesExpression(node) || Node.isTypeAssertion(node)
  );
}

/** Picks the wiring edit by what holds the server expression. */
export function attachShape(expr: Expression, ctx: ShapeContext): ShapeResult {
  const parent = expr.getParentOrThrow();
  if (Node.isExpressionStatement(parent)) return captureStatement(parent, ctx);
  if (Node.isVariableDeclaration(parent) && parent.getInitializer() === expr) return afterDeclaration(parent, ctx);
  if (Node.isBinaryExpression(parent) && parent.getOperatorToken().getKind() === SyntaxKind.EqualsToken && parent.getRight() === expr) {
    return afterAssignment(parent, ctx);
  }
  if (Node.isReturnStatement(parent)) return splitReturn(parent, expr, ctx);
  if (Node.isArrowFunction(parent) && parent.getBody() === expr) return arrowToBlock(parent, expr, ctx);
  return { skip: expected(ctx.where, enclosingStatement(expr).getText(), `the call is ${describe(parent)}`) };
}

// `app.listen(3000);` / `await app.listen(3000);` -> `const server = app.listen(3000);` + attach(server)
function captureStatement(stmt: Statement, ctx: ShapeContext): ShapeResult {
  const name = pickName(ctx.sf);
  if (!name) return { skip: expected(ctx.where, stmt.getText(), `the names ${CAPTURE_NAMES.join(', ')} are all taken`) };
  const after = insertAfter(stmt, name, ctx);
  if ('skip' in after) return after;
  return { edits: [{ pos: stmt.getStart(), end: stmt.getStart(), text: `const ${name} = ` }, ...after.edits] };
}

// `const server = app.listen(3000);` / `export const server = http.createServer(app);` -> + attach(server)
function afterDeclaration(decl: Node & { getNameNode(): Node }, ctx: ShapeContext): ShapeResult {
  const stmt = decl.getParentOrThrow().getParentOrThrow();
  if (!Node.isVariableStatement(stmt) || !Node.isIdentifier(decl.getNameNode())) {
    return { skip: expected(ctx.where, enclosingStatement(decl).getText(), 'the server is not assigned to a plain variable') };
  }
  return insertAfter(stmt, decl.getNameNode().getText(), ctx);
}

// `server = app.listen(3000);` / `this.server = app.listen(3000);` -> + attach(server)
function afterAssignment(assign: Node & { getLeft(): Node }, ctx: ShapeContext): ShapeResult {
  const stmt = assign.getParentOrThrow();
  const target = assign.getLeft();
  const plain = Node.isIdentifier(target) || (Node.isPropertyAccessExpression(target) && /^[\w$.]+$/.test(target.getText()));
  if (!Node.isExpressionStatement(stmt) || !plain) {
    return { skip: expected(ctx.where, enclosingStatement(assign).getText(), 'the assignment is part of a larger expression') };
  }
  return insertAfter(stmt, target.getText(), ctx);
}

// `return app.listen(3000);` -> `const server = app.listen(3000);` + attach(server) + `return server;`
function splitReturn(ret: Statement, expr: Expression, ctx: ShapeContext): ShapeResult {
  const name = pickName(ctx.sf);
  if (!name) return { skip: expected(ctx.where, ret.getText(), `the names ${CAPTURE_NAMES.join(', ')} are all taken`) };
  const after = insertAfter(ret, name, ctx, `return ${name}${ctx.fmt.semi ? ';' : ''}`);
  if ('skip' in after) return after;
  return { edits: [{ pos: ret.getStart(), end: expr.getStart(), text: `const ${name} = ` }, ...after.edits] };
}

// `() => app.listen(3000)` (on one line) -> `() => {` const server = ...; attach(server); return server; `}`
function arrowToBlock(arrow: ArrowFunction, expr: Expression, ctx: ShapeContext): ShapeResult {
  if (arrow.getEqualsGreaterThan().getStartLineNumber() !== expr.getEndLineNumber()) {
    return {
      skip: expected(ctx.where, enclosingStatement(arrow).getText(), 'the body of an arrow function that spans several lines; give it a block body { ... } and run again'),
    };
  }
  const name = pickName(ctx.sf);
  if (!name) return { skip: expected(ctx.where, arrow.getText(), `the names ${CAPTURE_NAMES.join(', ')} are all taken`) };
  const { eol, indent, semi } = ctx.fmt;
  const outer = indentAt(ctx.text, expr.getStart());
  const inner = eol + outer + indent;
  const end = semi ? ';' : '';
  const block = `{${inner}const ${name} = ${expr.getText()}${end}${inner}${ctx.attachName}(${name}${ctx.cast ?? ''})${end}${inner}return ${name}${end}${eol}${outer}}`;
  return { edits: [{ pos: expr.getStart(), end: expr.getEnd(), text: block }] };
}

/** New lines after `stmt` at its indentation: the attach call, then `extra` if given. */
function insertAfter(stmt: Statement, arg: string, ctx: ShapeContext, extra?: string): ShapeResult {
  const holder = stmt.getParent();
  const inBlock = Node.isSourceFile(holder) || Node.isBlock(holder) || Node.isModuleBlock(holder) || Node.isCaseClause(holder) || Node.isDefaultClause(holder);
  if (!inBlock) {
    return { skip: expected(ctx.where, stmt.getText(), 'the statement is not inside a { } block; add braces around it and run again') };
  }
  const at = endOfNodeLine(ctx.text, stmt);
  if (at === undefined) return { skip: expected(ctx.where, stmt.getText(), 'more code follows it on the same line') };
  const lead = ctx.fmt.eol + indentAt(ctx.text, stmt.getStart());
  const lines = [attachCall(arg, ctx), ...(extra ? [extra] : [])];
  return { edits: [{ pos: at, end: at, text: lines.map((l) => lead + l).join('') }] };
}

/** A new line before `stmt` at its indentation: the attach call. */
function insertBefore(stmt: Statement, arg: string, ctx: ShapeContext): ShapeResult {
  const holder = stmt.getParent();
  const inBlock = Node.isSourceFile(holder) || Node.isBlock(holder) || Node.isModuleBlock(holder) || Node.isCaseClause(holder) || Node.isDefaultClause(holder);
  const start = lineStartAt(ctx.text, stmt.getStart());
  if (!inBlock || ctx.text.slice(start, stmt.getStart()).trim() !== '') {
    return { skip: expected(ctx.where, stmt.getText(), 'the statement does not start its own line inside a { } block') };
  }
  const indent = indentAt(ctx.text, stmt.getStart());
  return { edits: [{ pos: start, end: start, text: indent + attachCall(arg, ctx) + ctx.fmt.eol }] };
}

function attachCall(arg: string, ctx: ShapeContext): string {
  return `${ctx.attachName}(${arg}${ctx.cast ?? ''})${ctx.fmt.semi ? ';' : ''}`;
}

/** The first capture name no identifier in the file uses (property names like `config.server` do not count). */
function pickName(sf: SourceFile): string | undefined {
  const used = new Set(variableNames(sf));
  return CAPTURE_NAMES.find((n) => !used.has(n));
}

function variableNames(sf: SourceFile): string[] {
  return sf
    .getDescendantsOfKind(SyntaxKind.Identifier)
    .filter((id) => {
      const p = id.getParent();
      const named =
        Node.isPropertyAccessExpression(p) || Node.isPropertyAssignment(p) || Node.isPropertyDeclaration(p) ||
        Node.isPropertySignature(p) || Node.isMethodDeclaration(p) || Node.isMethodSignature(p);
      return !(named && p.getNameNode() === id);
    })
    .map((id) => id.getText());
}

export function topLevelStatement(node: Node): Statement {
  let n = node;
  while (!Node.isSourceFile(n.getParent())) n = n.getParentOrThrow();
  return n as Statement;
}

function enclosingStatement(node: Node): Node {
  return node.getFirstAncestor((a) => Node.isStatement(a)) ?? node;
}

function describe(parent: Node): string {
  if (Node.isConditionalExpression(parent)) return 'part of a conditional (?:) expression';
  if (Node.isCallExpression(parent) || Node.isNewExpression(parent)) return 'an argument of another call';
  if (Node.isBinaryExpression(parent)) return `an operand of "${parent.getOperatorToken().getText()}"`;
  if (Node.isPropertyAccessExpression(parent)) return `followed by .${parent.getName()}`;
  if (Node.isArrayLiteralExpression(parent)) return 'an element of an array';
  if (Node.isPropertyAssignment(parent)) return 'a property value in an object literal';
  if (Node.isPropertyDeclaration(parent)) return 'a class property initializer';
  if (Node.isExportAssignment(parent)) return 'the value of export default';
  return `inside a ${parent.getKindName()} node`;
}

// ---- remove ----

/**
 * Edits removing each `attach(x);` statement, and undoing the capture we made for it: a `const <name> =`
 * (name one of CAPTURE_NAMES, used nowhere else) before it goes back to the bare call, a following
 * `return <name>` back to `return <call>`, and an arrow body we turned into a block back to an expression.
 */
export function detachEdits(sf: SourceFile, attachName: string): Edit[] {
  const text = sf.getFullText();
  const edits: Edit[] = [];
  for (const stmt of sf.getDescendantsOfKind(SyntaxKind.ExpressionStatement)) {
    const call = stmt.getExpression();
    if (!Node.isCallExpression(call) || call.getExpression().getText() !== attachName) continue;
    const first = call.getArguments()[0];
    const arg = first && Node.isAsExpression(first) ? first.getExpression() : first; // `server as import('node:http').Server`
    const name = call.getArguments().length === 1 && Node.isIdentifier(arg) ? arg.getText() : '';
    const captured = capturedInit(stmt.getPreviousSibling(), name);
    const next = stmt.getNextSibling();
    const returns = Node.isReturnStatement(next) && next.getExpression()?.getText() === name;
    const uses = variableNames(sf).filter((n) => n === name).length;
    if (!captured || uses !== (returns ? 3 : 2)) {
      edits.push(removeLineEdit(text, stmt));
      continue;
    }
    const { decl, init } = captured;
    const block = stmt.getParent();
    if (returns && Node.isBlock(block) && Node.isArrowFunction(block.getParent()) && block.getStatements().length === 3) {
      edits.push({ pos: block.getStart(), end: block.getEnd(), text: init.getText() });
      continue;
    }
    edits.push({ pos: decl.getStart(), end: init.getStart(), text: returns ? 'return ' : '' }, removeLineEdit(text, stmt));
    if (returns) edits.push(removeLineEdit(text, next));
  }
  return edits;
}

/** `const <name> = <value>` exactly as captureStatement writes it, with name one of CAPTURE_NAMES. */
function capturedInit(prev: Node | undefined, name: string): { decl: Statement; init: Node } | undefined {
  if (!(CAPTURE_NAMES as readonly string[]).includes(name) || !Node.isVariableStatement(prev)) return undefined;
  const decls = prev.getDeclarations();
  const init = decls.length === 1 ? decls[0]?.getInitializer() : undefined;
  if (!init) return undefined;
  const head = prev.getSourceFile().getFullText().slice(prev.getStart(), init.getStart());
  return new RegExp(`^const\\s+${name}\\s*=\\s*$`).test(head) ? { decl: prev, init } : undefined;
}
