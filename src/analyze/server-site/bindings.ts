// What the names in one file refer to, from its imports and requires: the app factories of the
// frameworks (express(), fastify(), new Koa(), NestFactory.create()), Hono's serve(), the http/https
// module and its createServer/Server, and relative modules (followed one level).
import { Node, type SourceFile, SyntaxKind } from 'ts-morph';
import { resolveAlias } from './aliases.js';

export const HTTP_MODULES: ReadonlySet<string> = new Set(['http', 'node:http', 'https', 'node:https']);

/** The frameworks whose app object we recognise (node:http servers and Hono's serve() are told apart elsewhere). */
export type AppOrigin = 'express' | 'fastify' | 'koa' | 'nestjs';

interface FrameworkModule {
  origin: AppOrigin;
  /** The whole module (default/namespace/require) is: called (`express()`), constructed (`new Koa()`), or neither. */
  whole: 'factory' | 'class' | null;
  /** Named exports that are app factories / classes / objects with a `create()` that makes an app. */
  factories?: readonly string[];
  classes?: readonly string[];
  creators?: readonly string[];
  /** Named exports that are app types (`app: FastifyInstance`), and type names reachable through the namespace (`express.Application`). */
  types?: readonly string[];
}

const FRAMEWORK_MODULES: Readonly<Record<string, FrameworkModule>> = {
  express: { origin: 'express', whole: 'factory', types: ['Express', 'Application'] },
  fastify: { origin: 'fastify', whole: 'factory', factories: ['fastify', 'default'], types: ['FastifyInstance'] },
  koa: { origin: 'koa', whole: 'class', classes: ['default'], types: [] },
  '@nestjs/core': { origin: 'nestjs', whole: null, creators: ['NestFactory'], types: ['NestApplication'] },
  '@nestjs/common': { origin: 'nestjs', whole: null, types: ['INestApplication'] },
  '@nestjs/platform-express': { origin: 'nestjs', whole: null, types: ['NestExpressApplication'] },
  '@nestjs/platform-fastify': { origin: 'nestjs', whole: null, types: ['NestFastifyApplication'] },
};

/** `@hono/node-server`: these return the http.Server they create. */
const HONO_NODE_SERVER = '@hono/node-server';
const HONO_SERVER_FACTORIES = new Set(['serve', 'createAdaptorServer']);

/** A name imported from a relative module: `imported` is `default`, `*`, `module.exports` (a whole `require`) or an export name. */
export interface LocalImport {
  specifier: string;
  imported: string;
}

export interface FileBindings {
  /** Local names callable as an app factory (`express()`, `fastify()`). */
  factories: Map<string, AppOrigin>;
  /** Local names constructed as an app (`new Koa()`); a class also names the app's type (`app: Koa`). */
  classes: Map<string, AppOrigin>;
  /** Local names whose `.create(...)` makes an app (`NestFactory`). */
  creators: Map<string, AppOrigin>;
  /** Local names of app types (`Express`, `FastifyInstance`, `INestApplication`...). */
  appTypes: Map<string, AppOrigin>;
  /** Local namespace names -> the type names reachable through them (`express.Application`). */
  typeNamespaces: Map<string, { origin: AppOrigin; types: readonly string[] }>;
  /** Local names of Hono's `serve` / `createAdaptorServer` (they return the http.Server). */
  serverFactories: Set<string>;
  /** Local names of the http/https module (`http.createServer`). */
  httpNamespaces: Set<string>;
  /** Local name -> `createServer` or `Server`, imported by name from http/https. */
  httpNamed: Map<string, string>;
  localImports: Map<string, LocalImport>;
}

interface ImportParts {
  whole?: string; // default, namespace, `import x = require()` or `const x = require()`
  wholeIsRequire?: boolean;
  wholeIsNamespace?: boolean;
  named?: Array<[local: string, imported: string]>;
}

const cache = new WeakMap<SourceFile, FileBindings>();

export function bindingsOf(sf: SourceFile): FileBindings {
  let b = cache.get(sf);
  if (!b) {
    b = collect(sf);
    cache.set(sf, b);
  }
  return b;
}

export function isRelativeSpecifier(spec: string): boolean {
  return spec.startsWith('./') || spec.startsWith('../') || spec === '.' || spec === '..';
}

/** `require('x')` -> `x`. */
export function requiredModule(node: Node): string | null {
  if (!Node.isCallExpression(node)) return null;
  const callee = node.getExpression();
  const args = node.getArguments();
  if (!Node.isIdentifier(callee) || callee.getText() !== 'require' || args.length !== 1) return null;
  const arg = args[0];
  return arg && Node.isStringLiteral(arg) ? arg.getLiteralValue() : null;
}

/** The framework a bare module specifier belongs to, when it makes apps (`require('fastify')(...)`). */
export function frameworkModule(spec: string): FrameworkModule | undefined {
  return FRAMEWORK_MODULES[spec];
}

function collect(sf: SourceFile): FileBindings {
  const project = sf.getProject();
  const record = (b: FileBindings, spec: string, parts: ImportParts): void =>
    recordImport(b, spec, parts, isRelativeSpecifier(spec) || FRAMEWORK_MODULES[spec] ? null : resolveAlias(project, spec));
  const b: FileBindings = {
    factories: new Map(),
    classes: new Map(),
    creators: new Map(),
    appTypes: new Map(),
    typeNamespaces: new Map(),
    serverFactories: new Set(),
    httpNamespaces: new Set(),
    httpNamed: new Map(),
    localImports: new Map(),
  };

  for (const decl of sf.getImportDeclarations()) {
    const named = decl.getNamedImports().map((n): [string, string] => [n.getAliasNode()?.getText() ?? n.getName(), n.getName()]);
    const ns = decl.getNamespaceImport()?.getText();
    const def = decl.getDefaultImport()?.getText();
    const spec = decl.getModuleSpecifierValue();
    if (def) record(b, spec, { whole: def });
    if (ns) record(b, spec, { whole: ns, wholeIsNamespace: true });
    if (named.length > 0) record(b, spec, { named });
  }

  for (const decl of sf.getDescendantsOfKind(SyntaxKind.ImportEqualsDeclaration)) {
    const ref = decl.getModuleReference();
    if (!Node.isExternalModuleReference(ref)) continue;
    const expr = ref.getExpression();
    if (expr && Node.isStringLiteral(expr)) record(b, expr.getLiteralValue(), { whole: decl.getName(), wholeIsRequire: true });
  }

  for (const decl of sf.getDescendantsOfKind(SyntaxKind.VariableDeclaration)) {
    const init = decl.getInitializer();
    if (!init) continue;
    const nameNode = decl.getNameNode();
    // `const x = require('./m').name`
    if (Node.isPropertyAccessExpression(init) && Node.isIdentifier(nameNode)) {
      const spec = requiredModule(init.getExpression());
      if (spec) record(b, spec, { named: [[nameNode.getText(), init.getName()]] });
      continue;
    }
    const spec = requiredModule(init);
    if (!spec) continue;
    if (Node.isIdentifier(nameNode)) {
      record(b, spec, { whole: nameNode.getText(), wholeIsRequire: true });
    } else if (Node.isObjectBindingPattern(nameNode)) {
      const named: Array<[string, string]> = [];
      for (const el of nameNode.getElements()) {
        const local = el.getNameNode();
        if (!Node.isIdentifier(local)) continue;
        named.push([local.getText(), el.getPropertyNameNode()?.getText() ?? local.getText()]);
      }
      record(b, spec, { named });
    }
  }
  return b;
}

function recordImport(b: FileBindings, spec: string, parts: ImportParts, alias: string | null): void {
  const framework = FRAMEWORK_MODULES[spec];
  if (framework) {
    const { origin } = framework;
    if (parts.whole) {
      if (framework.whole === 'factory') b.factories.set(parts.whole, origin);
      if (framework.whole === 'class') b.classes.set(parts.whole, origin);
      if (framework.types?.length) b.typeNamespaces.set(parts.whole, { origin, types: framework.types });
    }
    for (const [local, imported] of parts.named ?? []) {
      if (framework.factories?.includes(imported) || (imported === 'default' && framework.whole === 'factory')) b.factories.set(local, origin);
      else if (framework.classes?.includes(imported)) b.classes.set(local, origin);
      else if (framework.creators?.includes(imported)) b.creators.set(local, origin);
      else if (framework.types?.includes(imported)) b.appTypes.set(local, origin);
    }
  } else if (spec === HONO_NODE_SERVER) {
    for (const [local, imported] of parts.named ?? []) if (HONO_SERVER_FACTORIES.has(imported)) b.serverFactories.add(local);
  } else if (HTTP_MODULES.has(spec)) {
    if (parts.whole) b.httpNamespaces.add(parts.whole);
    for (const [local, imported] of parts.named ?? []) {
      if (imported === 'createServer' || imported === 'Server') b.httpNamed.set(local, imported);
      else if (imported === 'default') b.httpNamespaces.add(local);
    }
  } else if (isRelativeSpecifier(spec) || alias) {
    const local = alias ?? spec; // an aliased import is followed by its absolute path
    if (parts.whole) {
      const imported = parts.wholeIsNamespace ? '*' : parts.wholeIsRequire ? 'module.exports' : 'default';
      b.localImports.set(parts.whole, { specifier: local, imported });
    }
    for (const [name, imported] of parts.named ?? []) b.localImports.set(name, { specifier: local, imported });
  }
}
