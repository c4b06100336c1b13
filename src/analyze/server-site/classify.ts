// Decides whether an expression is a framework app (express, fastify, koa, NestJS) or an
// http(s).Server (node:http, Hono's serve()), without a type checker: by following local bindings,
// assignments, type annotations, factory returns and, one level deep, the exports of relative modules.
import { Node, type Project, type SourceFile, SyntaxKind, type VariableDeclaration } from 'ts-morph';
import { bindingsOf, frameworkModule, type AppOrigin, type FileBindings, type LocalImport, requiredModule, HTTP_MODULES } from './bindings.js';
import { assignmentsTo, findExport, findLocalDeclaration, resolveModuleFile, thisAssignments } from './resolve.js';

/** What the server is built from: a framework app, a bare node:http(s) server, or Hono's `serve()`. */
export type ServerOrigin = AppOrigin | 'http' | 'hono';

export interface Classification {
  what: 'app' | 'server';
  origin: ServerOrigin;
  /** The `createServer(...)` / `new Server(...)` call when it is bound straight to a variable in this file. */
  creation?: Node;
}

export interface ClassifyContext {
  project: Project;
  /** 0 in the file being searched; 1 inside a followed import (which follows no further). */
  depth: number;
  seen: Set<Node>;
}

export function newContext(project: Project): ClassifyContext {
  return { project, depth: 0, seen: new Set() };
}

export function unwrap(node: Node): Node {
  let n = node;
  while (
    Node.isParenthesizedExpression(n) ||
    Node.isAsExpression(n) ||
    Node.isNonNullExpression(n) ||
    Node.isAwaitExpression(n) ||
    Node.isTypeAssertion(n) ||
    Node.isSatisfiesExpression(n)
  ) {
    n = n.getExpression();
  }
  return n;
}

export function classifyExpression(expr: Node, ctx: ClassifyContext): Classification | null {
  const node = unwrap(expr);
  if (ctx.seen.has(node)) return null; // a cycle such as `a = b; b = a`
  ctx.seen.add(node);
  if (Node.isCallExpression(node) || Node.isNewExpression(node)) return classifyCall(node, ctx);
  if (Node.isIdentifier(node)) return classifyIdentifier(node, ctx);
  if (Node.isPropertyAccessExpression(node) && Node.isThisExpression(node.getExpression())) {
    return strip(classifyThisProperty(node.getName(), node, ctx));
  }
  return null;
}

/**
 * Is `call` itself an http server creation: `http.createServer()`, `createServer()`,
 * `new http.Server()`, `http.Server(app)` (callable without `new`, seen in older code), or
 * Hono's `serve()` / `createAdaptorServer()` (they return the server)? Null when it is not.
 */
export function serverCreationOrigin(call: Node): 'http' | 'hono' | null {
  if (!Node.isCallExpression(call) && !Node.isNewExpression(call)) return null;
  const b = bindingsOf(call.getSourceFile());
  const callee = unwrap(call.getExpression());
  const wanted = Node.isNewExpression(call) ? ['Server'] : ['createServer', 'Server'];
  if (Node.isIdentifier(callee)) {
    if (Node.isCallExpression(call) && b.serverFactories.has(callee.getText())) return 'hono';
    return wanted.includes(b.httpNamed.get(callee.getText()) ?? '') ? 'http' : null;
  }
  if (Node.isPropertyAccessExpression(callee) && wanted.includes(callee.getName())) {
    const obj = unwrap(callee.getExpression());
    if (Node.isIdentifier(obj)) return b.httpNamespaces.has(obj.getText()) ? 'http' : null;
    const spec = requiredModule(obj);
    return spec !== null && HTTP_MODULES.has(spec) ? 'http' : null;
  }
  return null;
}

export function isServerCreation(call: Node): boolean {
  return serverCreationOrigin(call) !== null;
}

/** Bound straight to a variable: `const s = createServer()` or `s = createServer()`. */
function boundToVariable(call: Node): boolean {
  let child = call;
  let parent = call.getParent();
  while (parent && (Node.isParenthesizedExpression(parent) || Node.isAsExpression(parent) || Node.isNonNullExpression(parent))) {
    child = parent;
    parent = parent.getParent();
  }
  if (!parent) return false;
  if (Node.isVariableDeclaration(parent)) return Node.isIdentifier(parent.getNameNode()) && parent.getInitializer() === child;
  return (
    Node.isBinaryExpression(parent) &&
    parent.getOperatorToken().getKind() === SyntaxKind.EqualsToken &&
    parent.getRight() === child &&
    Node.isIdentifier(parent.getLeft())
  );
}

function classifyCall(call: Node, ctx: ClassifyContext): Classification | null {
  if (!Node.isCallExpression(call) && !Node.isNewExpression(call)) return null;
  const created = serverCreationOrigin(call);
  if (created) return { what: 'server', origin: created, ...(boundToVariable(call) ? { creation: call } : {}) };
  const sf = call.getSourceFile();
  const b = bindingsOf(sf);
  const callee = unwrap(call.getExpression());
  if (Node.isNewExpression(call)) {
    // `new Koa()`
    const origin = Node.isIdentifier(callee) ? b.classes.get(callee.getText()) : undefined;
    return origin ? { what: 'app', origin } : null;
  }

  if (Node.isIdentifier(callee)) {
    const name = callee.getText();
    const factory = b.factories.get(name);
    if (factory) return { what: 'app', origin: factory };
    const imported = b.localImports.get(name);
    if (imported && imported.imported !== '*') return followImport(sf, imported, true, ctx);
    const decl = findLocalDeclaration(callee);
    return decl ? strip(classifyValue(decl, true, ctx)) : null;
  }
  // `require('fastify')({ logger: true })`
  const required = requiredModule(callee);
  if (required) {
    const mod = frameworkModule(required);
    return mod?.whole === 'factory' ? { what: 'app', origin: mod.origin } : null;
  }
  if (Node.isPropertyAccessExpression(callee)) {
    const obj = unwrap(callee.getExpression());
    // `NestFactory.create(AppModule)`
    const creator = Node.isIdentifier(obj) && callee.getName() === 'create' ? b.creators.get(obj.getText()) : undefined;
    if (creator) return { what: 'app', origin: creator };
    // `ns.createApp()` with `import * as ns from './app'` or `const ns = require('./app')`.
    const imported = Node.isIdentifier(obj) ? b.localImports.get(obj.getText()) : undefined;
    if (imported && (imported.imported === '*' || imported.imported === 'module.exports')) {
      return followImport(sf, { specifier: imported.specifier, imported: callee.getName() }, true, ctx);
    }
  }
  return null;
}

function classifyIdentifier(id: Node, ctx: ClassifyContext): Classification | null {
  if (!Node.isIdentifier(id)) return null;
  const sf = id.getSourceFile();
  const imported = bindingsOf(sf).localImports.get(id.getText());
  if (imported) return followImport(sf, imported, false, ctx);
  const decl = findLocalDeclaration(id);
  if (!decl) return null;
  if (Node.isVariableDeclaration(decl)) return classifyVariable(decl, ctx);
  if (Node.isParameterDeclaration(decl)) return classifyAnnotation(decl.getTypeNode(), bindingsOf(sf));
  return null;
}

function classifyVariable(decl: VariableDeclaration, ctx: ClassifyContext): Classification | null {
  const init = decl.getInitializer();
  const fromInit = init ? classifyExpression(init, ctx) : null;
  if (fromInit) return fromInit;
  for (const rhs of assignmentsTo(decl)) {
    const c = classifyExpression(rhs, ctx);
    if (c) return c;
  }
  return classifyAnnotation(decl.getTypeNode(), bindingsOf(decl.getSourceFile()));
}

/** `this.app` inside a class: a property initializer, a `this.app = ...` assignment, or a type annotation. */
function classifyThisProperty(name: string, at: Node, ctx: ClassifyContext): Classification | null {
  const cls = at.getFirstAncestor((n) => Node.isClassDeclaration(n) || Node.isClassExpression(n));
  if (!cls || !(Node.isClassDeclaration(cls) || Node.isClassExpression(cls))) return null;
  const b = bindingsOf(cls.getSourceFile());
  const prop = cls.getProperty(name);
  const init = prop?.getInitializer();
  const fromInit = init ? classifyExpression(init, ctx) : null;
  if (fromInit) return fromInit;
  for (const rhs of thisAssignments(cls, name)) {
    const c = classifyExpression(rhs, ctx);
    if (c) return c;
  }
  if (prop) return classifyAnnotation(prop.getTypeNode(), b);
  // `constructor(private app: Express)`
  const param = cls
    .getConstructors()
    .flatMap((c) => c.getParameters())
    .find((p) => p.isParameterProperty() && p.getName() === name);
  return param ? classifyAnnotation(param.getTypeNode(), b) : null;
}

/** `app: Express`, `app: express.Application`, `app: FastifyInstance`, `app: Koa`, `app: INestApplication`, `server: http.Server`. */
function classifyAnnotation(type: Node | undefined, b: FileBindings): Classification | null {
  if (!type || !Node.isTypeReference(type)) return null;
  const name = type.getTypeName();
  if (Node.isIdentifier(name)) {
    const text = name.getText();
    const origin = b.appTypes.get(text) ?? b.classes.get(text);
    if (origin) return { what: 'app', origin };
    if (b.httpNamed.get(text) === 'Server') return { what: 'server', origin: 'http' };
    return null;
  }
  const left = name.getLeft().getText();
  const right = name.getRight().getText();
  const ns = b.typeNamespaces.get(left);
  if (ns?.types.includes(right)) return { what: 'app', origin: ns.origin };
  if (b.httpNamespaces.has(left) && right === 'Server') return { what: 'server', origin: 'http' };
  return null;
}

/** A value node (variable, function, expression); `asCall`: what calling it returns. */
function classifyValue(node: Node, asCall: boolean, ctx: ClassifyContext): Classification | null {
  if (Node.isVariableDeclaration(node)) {
    const init = node.getInitializer();
    if (!asCall) return classifyVariable(node, ctx);
    return init && isFunctionLike(unwrap(init)) ? classifyReturns(unwrap(init), ctx) : null;
  }
  if (isFunctionLike(node)) return asCall ? classifyReturns(node, ctx) : null;
  return asCall ? null : classifyExpression(node, ctx);
}

function isFunctionLike(node: Node): boolean {
  return Node.isFunctionDeclaration(node) || Node.isFunctionExpression(node) || Node.isArrowFunction(node) || Node.isMethodDeclaration(node);
}

/** What a function returns: each `return` of its own body (not of nested functions), or an arrow's expression body. */
function classifyReturns(fn: Node, ctx: ClassifyContext): Classification | null {
  if (!(Node.isFunctionDeclaration(fn) || Node.isFunctionExpression(fn) || Node.isArrowFunction(fn) || Node.isMethodDeclaration(fn))) {
    return null;
  }
  const body = fn.getBody();
  if (!body) return null;
  if (!Node.isBlock(body)) return strip(classifyExpression(body, ctx));
  for (const ret of body.getDescendantsOfKind(SyntaxKind.ReturnStatement)) {
    if (ret.getFirstAncestor((n) => isFunctionLike(n)) !== fn) continue;
    const expr = ret.getExpression();
    const c = expr ? classifyExpression(expr, ctx) : null;
    if (c) return strip(c);
  }
  return null;
}

/** Follows a relative import one level: what the module exports (or what calling it returns). */
function followImport(from: SourceFile, imported: LocalImport, asCall: boolean, ctx: ClassifyContext): Classification | null {
  if (ctx.depth > 0) return null;
  const target = resolveModuleFile(ctx.project, from, imported.specifier);
  if (!target || imported.imported === '*') return null;
  const value = findExport(target, imported.imported);
  if (!value) return null;
  return strip(classifyValue(value, asCall, { ...ctx, depth: ctx.depth + 1 }));
}

/** A creation seen through a function return, an import or `this.x` is not "assigned to a variable here". */
function strip(c: Classification | null): Classification | null {
  return c ? { what: c.what, origin: c.origin } : null;
}
