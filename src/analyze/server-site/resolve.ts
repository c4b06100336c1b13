// Name and module resolution without a type checker: lexical scope lookup within a file,
// relative module files, and what a module exports under a name (ESM and CommonJS forms).
import path from 'node:path';
import {
  Node,
  type Identifier,
  type ParameterDeclaration,
  type Project,
  type SourceFile,
  SyntaxKind,
  type VariableDeclaration,
} from 'ts-morph';

export type LocalDeclaration = VariableDeclaration | ParameterDeclaration | Node; // Node: a function declaration

/** The declaration a use of `id` refers to, looking outwards through enclosing scopes of its file. */
export function findLocalDeclaration(id: Identifier): LocalDeclaration | undefined {
  const name = id.getText();
  for (let node: Node | undefined = id.getParent(); node; node = node.getParent()) {
    if (Node.isSourceFile(node) || Node.isBlock(node) || Node.isModuleBlock(node) || Node.isCaseClause(node) || Node.isDefaultClause(node)) {
      const found = declarationInStatements(node.getStatements(), name);
      if (found) return found;
    } else if (
      Node.isFunctionDeclaration(node) ||
      Node.isFunctionExpression(node) ||
      Node.isArrowFunction(node) ||
      Node.isMethodDeclaration(node) ||
      Node.isConstructorDeclaration(node)
    ) {
      const param = node.getParameters().find((p) => p.getName() === name);
      if (param) return param;
    } else if (Node.isForStatement(node) || Node.isForOfStatement(node) || Node.isForInStatement(node)) {
      const init = node.getInitializer();
      if (init && Node.isVariableDeclarationList(init)) {
        const decl = init.getDeclarations().find((d) => d.getName() === name);
        if (decl) return decl;
      }
    }
  }
  return undefined;
}

function declarationInStatements(statements: Node[], name: string): LocalDeclaration | undefined {
  for (const st of statements) {
    if (Node.isVariableStatement(st)) {
      const decl = st.getDeclarations().find((d) => Node.isIdentifier(d.getNameNode()) && d.getName() === name);
      if (decl) return decl;
    } else if (Node.isFunctionDeclaration(st) && st.getName() === name) {
      return st;
    }
  }
  return undefined;
}

/** Right-hand sides of `name = ...` assignments to the variable `decl` declares, within its scope. */
export function assignmentsTo(decl: VariableDeclaration): Node[] {
  const scope = decl.getVariableStatement()?.getParent() ?? decl.getParent()?.getParent();
  if (!scope) return [];
  const name = decl.getName();
  const out: Node[] = [];
  for (const bin of scope.getDescendantsOfKind(SyntaxKind.BinaryExpression)) {
    const left = bin.getLeft();
    if (bin.getOperatorToken().getKind() !== SyntaxKind.EqualsToken || !Node.isIdentifier(left) || left.getText() !== name) continue;
    if (findLocalDeclaration(left) === decl) out.push(bin.getRight());
  }
  return out;
}

/** Right-hand sides of `this.name = ...` within the class that contains `node`. */
export function thisAssignments(cls: Node, name: string): Node[] {
  const out: Node[] = [];
  for (const bin of cls.getDescendantsOfKind(SyntaxKind.BinaryExpression)) {
    const left = bin.getLeft();
    if (bin.getOperatorToken().getKind() !== SyntaxKind.EqualsToken) continue;
    if (Node.isPropertyAccessExpression(left) && Node.isThisExpression(left.getExpression()) && left.getName() === name) {
      out.push(bin.getRight());
    }
  }
  return out;
}

const TS_FOR_JS: Record<string, string[]> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};
const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/** The source file a relative specifier points at (NodeNext `.js` specifiers map back to `.ts`). */
export function resolveModuleFile(project: Project, from: SourceFile, specifier: string): SourceFile | undefined {
  const base = path.resolve(path.dirname(from.getFilePath()), specifier);
  const ext = path.extname(base);
  const candidates: string[] = [];
  if (TS_FOR_JS[ext]) candidates.push(...TS_FOR_JS[ext].map((e) => base.slice(0, -ext.length) + e), base);
  else if (EXTENSIONS.includes(ext)) candidates.push(base);
  candidates.push(...EXTENSIONS.map((e) => base + e), ...EXTENSIONS.map((e) => path.join(base, `index${e}`)));
  const fs = project.getFileSystem();
  for (const file of candidates) {
    const existing = project.getSourceFile(file);
    if (existing) return existing;
    if (fs.fileExistsSync(file)) {
      try {
        return project.addSourceFileAtPath(file);
      } catch {
        return undefined; // unreadable: treat as not followable
      }
    }
  }
  return undefined;
}

function topLevelDeclaration(sf: SourceFile, name: string): Node | undefined {
  return declarationInStatements(sf.getStatements(), name);
}

/** `module.exports` / `exports` / `module.exports.x` as written on the left of an assignment. */
function commonJsTarget(left: Node): { whole: boolean; name?: string } | null {
  const text = left.getText().replace(/\s+/g, '');
  if (text === 'module.exports') return { whole: true };
  const m = /^(?:module\.exports|exports)\.([A-Za-z_$][\w$]*)$/.exec(text);
  return m ? { whole: false, name: m[1] } : null;
}

/**
 * The node a module exports as `name` (`default`, `module.exports` or an export name):
 * a function-like node, a variable declaration, or an expression.
 */
export function findExport(sf: SourceFile, name: string): Node | undefined {
  if (name === 'default') {
    for (const st of sf.getStatements()) {
      if (Node.isExportAssignment(st) && !st.isExportEquals()) return resolveLocalValue(sf, st.getExpression());
      if (Node.isFunctionDeclaration(st) && st.isDefaultExport()) return st;
    }
    const aliased = exportSpecifierTarget(sf, 'default');
    if (aliased) return aliased;
    return findExport(sf, 'module.exports'); // esModuleInterop: a CommonJS module's default is module.exports
  }

  for (const st of sf.getStatements()) {
    if (Node.isExportAssignment(st) && st.isExportEquals() && name === 'module.exports') {
      return resolveLocalValue(sf, st.getExpression());
    }
    if (!Node.isExpressionStatement(st)) continue;
    const expr = st.getExpression();
    if (!Node.isBinaryExpression(expr) || expr.getOperatorToken().getKind() !== SyntaxKind.EqualsToken) continue;
    const target = commonJsTarget(expr.getLeft());
    if (!target) continue;
    const right = expr.getRight();
    if (target.whole && name === 'module.exports') return resolveLocalValue(sf, right);
    if (target.whole && Node.isObjectLiteralExpression(right)) {
      const prop = right.getProperty(name);
      if (prop && Node.isPropertyAssignment(prop)) return resolveLocalValue(sf, prop.getInitializerOrThrow());
      if (prop && Node.isShorthandPropertyAssignment(prop)) return topLevelDeclaration(sf, name);
      if (prop && Node.isMethodDeclaration(prop)) return prop;
    }
    if (!target.whole && target.name === name) return resolveLocalValue(sf, right);
  }
  if (name === 'module.exports') return undefined;

  const decl = topLevelDeclaration(sf, name);
  if (decl && (Node.isVariableDeclaration(decl) ? decl.getVariableStatement()?.isExported() : Node.isExportable(decl) && decl.isExported())) {
    return decl;
  }
  return exportSpecifierTarget(sf, name);
}

/** `export { local as name }` (no `from`). */
function exportSpecifierTarget(sf: SourceFile, name: string): Node | undefined {
  for (const decl of sf.getExportDeclarations()) {
    if (decl.getModuleSpecifier()) continue;
    for (const spec of decl.getNamedExports()) {
      const exported = spec.getAliasNode()?.getText() ?? spec.getName();
      if (exported === name) return topLevelDeclaration(sf, spec.getName());
    }
  }
  return undefined;
}

/** An exported identifier stands for its top-level declaration. */
function resolveLocalValue(sf: SourceFile, expr: Node): Node | undefined {
  if (Node.isIdentifier(expr)) return topLevelDeclaration(sf, expr.getText());
  return expr;
}
