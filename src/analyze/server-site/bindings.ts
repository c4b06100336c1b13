// What the names in one file refer to, from its imports and requires: the express factory,
// the http/https module and its createServer/Server, and relative modules (followed one level).
import { Node, type SourceFile, SyntaxKind } from 'ts-morph';

export const HTTP_MODULES: ReadonlySet<string> = new Set(['http', 'node:http', 'https', 'node:https']);
const EXPRESS_MODULE = 'express';
const EXPRESS_APP_TYPES = new Set(['Express', 'Application']);

/** A name imported from a relative module: `imported` is `default`, `*`, `module.exports` (a whole `require`) or an export name. */
export interface LocalImport {
  specifier: string;
  imported: string;
}

export interface FileBindings {
  /** Local names callable as `express()`; also usable as a namespace in `express.Express` types. */
  express: Set<string>;
  /** Local names of the `Express` / `Application` types imported from express. */
  expressTypes: Set<string>;
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

function collect(sf: SourceFile): FileBindings {
  const b: FileBindings = {
    express: new Set(),
    expressTypes: new Set(),
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

function record(b: FileBindings, spec: string, parts: ImportParts): void {
  if (spec === EXPRESS_MODULE) {
    if (parts.whole) b.express.add(parts.whole);
    for (const [local, imported] of parts.named ?? []) {
      if (imported === 'default') b.express.add(local);
      else if (EXPRESS_APP_TYPES.has(imported)) b.expressTypes.add(local);
    }
  } else if (HTTP_MODULES.has(spec)) {
    if (parts.whole) b.httpNamespaces.add(parts.whole);
    for (const [local, imported] of parts.named ?? []) {
      if (imported === 'createServer' || imported === 'Server') b.httpNamed.set(local, imported);
      else if (imported === 'default') b.httpNamespaces.add(local);
    }
  } else if (isRelativeSpecifier(spec)) {
    if (parts.whole) {
      const imported = parts.wholeIsNamespace ? '*' : parts.wholeIsRequire ? 'module.exports' : 'default';
      b.localImports.set(parts.whole, { specifier: spec, imported });
    }
    for (const [local, imported] of parts.named ?? []) b.localImports.set(local, { specifier: spec, imported });
  }
}
