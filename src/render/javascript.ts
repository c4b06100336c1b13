// JavaScript output (apps without TypeScript): the rendered TypeScript with its types written as JSDoc
// (jsdoc.ts), stripped by the transpiler to ES modules, then, for CommonJS apps, turned into plain
// `require`/`module.exports` (the names stay local, so the JSDoc types keep resolving).
import { ts } from 'ts-morph';
import { applyEdits, type Edit } from './edits.js';
import { withJsDocTypes } from './jsdoc.js';

export function toJavaScript(source: string, fileName: string, moduleSystem: 'cjs' | 'esm'): string {
  const tsName = fileName.replace(/\.js$/, '.ts');
  const sourceFile = ts.createSourceFile(tsName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  // The JSDoc writer needs the imported names the transpiler keeps (used as values): rendering is paid on every
  // command of a JavaScript app, so rather than a transpiler pass over the source to learn them, they are read
  // from the syntax, then checked against the imports the transpiler kept in the output. The JSDoc writer
  // leaves every value reference as it is (it adds comments and parentheses, drops type declarations), so when
  // the syntax misjudged, one more pass with the transpiler's names is final.
  let valueImports = valueImportsBySyntax(sourceFile);
  let annotated = withJsDocTypes(sourceFile, valueImports);
  let esm = transpile(annotated, tsName);
  if (!sameNames(esm.keptImports, valueImports)) {
    valueImports = esm.keptImports;
    annotated = withJsDocTypes(sourceFile, valueImports);
    esm = transpile(annotated, tsName);
    if (!sameNames(esm.keptImports, valueImports)) throw new Error(`${fileName}: the imports kept by the transpiler changed with the JSDoc types`);
  }
  const lost = tagCount(annotated) - tagCount(esm.code);
  if (lost !== 0) throw new Error(`${fileName}: ${lost} JSDoc type tag(s) were dropped with the TypeScript syntax they were attached to`);
  return tidyJavaScript(moduleSystem === 'cjs' ? toCommonJs(esm.code, fileName) : esm.code);
}

/** The ES module, and the imported names it kept (the transpiler drops the imports used as types only). */
function transpile(source: string, fileName: string): { code: string; keptImports: Set<string> } {
  const keptImports = new Set<string>();
  const code = ts.transpileModule(source, {
    fileName,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, removeComments: false },
    // The emitter copies comments as text: no JSDoc parsing needed.
    jsDocParsingMode: ts.JSDocParsingMode.ParseNone,
    transformers: {
      after: [
        () => (transformed) => {
          for (const statement of transformed.statements) {
            if (ts.isImportDeclaration(statement)) importedNames(statement).forEach((name) => keptImports.add(name));
          }
          return transformed;
        },
      ],
    },
  }).outputText;
  return { code, keptImports };
}

/**
 * The imported names used as values, judged from the syntax: an identifier outside types, import
 * declarations and declaration or property names. A first guess; the transpiler's output has the last word.
 */
function valueImportsBySyntax(sf: ts.SourceFile): Set<string> {
  const imported = new Set(sf.statements.flatMap((s) => (ts.isImportDeclaration(s) && !s.importClause?.isTypeOnly ? importedNames(s) : [])));
  const used = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) return;
    if (ts.isHeritageClause(node) && node.token === ts.SyntaxKind.ImplementsKeyword) return;
    if (ts.isTypeNode(node) && !ts.isExpressionWithTypeArguments(node)) return;
    if (ts.isIdentifier(node) && imported.has(node.text) && !isNameOfParent(node)) used.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return used;
}

/** `x.name`, `{ name: x }`, `name() {}`, `const name = ...`: a name that is not a reference to an import. */
function isNameOfParent(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (ts.isShorthandPropertyAssignment(parent) || ts.isExportSpecifier(parent)) return false;
  return (parent as { name?: ts.Node }).name === node;
}

function importedNames(node: ts.ImportDeclaration): string[] {
  const clause = node.importClause;
  if (!clause) return [];
  const names = clause.name ? [clause.name.text] : [];
  const bindings = clause.namedBindings;
  if (bindings && ts.isNamespaceImport(bindings)) names.push(bindings.name.text);
  if (bindings && ts.isNamedImports(bindings)) names.push(...bindings.elements.filter((e) => !e.isTypeOnly).map((e) => e.name.text));
  return names;
}

function sameNames(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((name) => b.has(name));
}

function tagCount(code: string): number {
  return code.match(/@(?:typedef|param|returns|type|template|implements|extends|this)\b/g)?.length ?? 0;
}

// ---------------------------------------------------------------------------------------------------------
// ES module -> CommonJS

/**
 * `import { a, b as c } from 'm'` -> `const { a, b: c } = require('m')`, `export` dropped from declarations
 * and gathered into one `module.exports = { ... }` at the end, `import('m')` -> `require('m')` in a promise.
 * Generated modules import each other without cycles, so exporting at the end is safe.
 */
function toCommonJs(code: string, fileName: string): string {
  // Only statements are rewritten: the JSDoc is copied as text, not parsed.
  const sf = ts.createSourceFile(fileName, code, { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }, true, ts.ScriptKind.JS);
  const edits: Edit[] = [];
  const exported: string[] = [];
  /** Local name -> module, of the names imported (a re-export of one of them exports the local). */
  const importedFrom = new Map<string, string>();
  let requires = false;
  const fail = (node: ts.Node, what: string): never => {
    const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    throw new Error(`${fileName}:${line + 1}: ${what} has no CommonJS form here`);
  };

  for (const statement of sf.statements) {
    if (ts.isImportDeclaration(statement)) {
      requires = true;
      const module = statement.moduleSpecifier.getText(sf);
      const clause = statement.importClause;
      let text = `require(${module});`;
      if (clause?.name) fail(statement, 'a default import');
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) text = `const ${bindings.name.text} = require(${module});`;
      if (bindings && ts.isNamedImports(bindings)) {
        for (const e of bindings.elements) if (!e.propertyName) importedFrom.set(e.name.text, module);
        const names = bindings.elements.map((e) => (e.propertyName ? `${e.propertyName.text}: ${e.name.text}` : e.name.text));
        text = `const { ${names.join(', ')} } = require(${module});`;
      }
      edits.push({ pos: statement.getStart(sf), end: statement.end, text });
    } else if (ts.isExportDeclaration(statement)) {
      const clause = statement.exportClause;
      if (statement.isTypeOnly || (statement.moduleSpecifier && !clause)) fail(statement, 'a type-only or star re-export');
      const from = statement.moduleSpecifier?.getText(sf) ?? null;
      const required: string[] = [];
      if (clause && ts.isNamedExports(clause)) {
        for (const e of clause.elements) {
          const source = (e.propertyName ?? e.name).text;
          const name = e.name.text;
          // `export { a } from 'm'` next to `import { a } from 'm'`: the local is exported; else it is required here.
          if (from !== null && importedFrom.get(source) !== from) required.push(source === name ? name : `${source}: ${name}`);
          exported.push(from === null && source !== name ? `${name}: ${source}` : name);
        }
      }
      const text = required.length > 0 ? `const { ${required.join(', ')} } = require(${from});` : '';
      edits.push({ pos: statement.getStart(sf), end: statement.end, text });
    } else if (ts.isExportAssignment(statement)) {
      fail(statement, 'a default export');
    } else {
      const modifiers = ts.canHaveModifiers(statement) ? (ts.getModifiers(statement) ?? []) : [];
      const exportKeyword = modifiers.find((m) => m.kind === ts.SyntaxKind.ExportKeyword);
      if (!exportKeyword) continue;
      if (modifiers.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)) fail(statement, 'a default export');
      edits.push({ pos: exportKeyword.getStart(sf), end: exportKeyword.end + 1, text: '' });
      exported.push(...declaredNames(statement));
    }
  }
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [specifier] = node.arguments;
      if (!specifier) fail(node, 'import() without a module');
      edits.push({ pos: node.getStart(sf), end: node.end, text: `Promise.resolve().then(() => require(${specifier!.getText(sf)}))` });
      return;
    }
    if (ts.isMetaProperty(node)) fail(node, 'import.meta');
    ts.forEachChild(node, visit);
  };
  visit(sf);

  const out = applyEdits(code, edits);
  // A module without exports or requires (only types) would be a script, its typedefs global.
  const exportList = exported.length > 0 ? `{ ${exported.join(', ')} }` : '{}';
  const exports = exported.length > 0 || !requires ? `\nmodule.exports = ${exportList};\n` : '';
  return `'use strict';\n\n${out.replace(/\n+$/, '\n')}${exports}`;
}

function declaredNames(statement: ts.Statement): string[] {
  if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) return [statement.name.text];
  if (ts.isVariableStatement(statement)) return statement.declarationList.declarations.flatMap((d) => bindingNames(d.name));
  return [];
}

function bindingNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((e) => (ts.isOmittedExpression(e) ? [] : bindingNames(e.name)));
}

// ---------------------------------------------------------------------------------------------------------
// Layout

/** The emitter indents by 4 and drops blank lines: indent by 2 and separate top-level blocks again. */
function tidyJavaScript(code: string): string {
  const lines = code
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map((line) => line.replace(/^(?: {4})+/, (indent) => ' '.repeat(indent.length / 2)));
  const isPrologue = (line: string): boolean => /^(import |export \{|const (\w+|\{.*\}) = require\(|require\(|'use strict'|"use strict")/.test(line);
  const isComment = (line: string): boolean => /^(\/\/|\/\*| \*)/.test(line);
  const out: string[] = [];
  for (const line of lines) {
    const prev = out[out.length - 1];
    // The emitter breaks the line after `=>` when the arrow body is a documented callback: join them again.
    if (prev !== undefined && /=>\s+$/.test(prev) && /^\s*\/\*\*.*\*\/ /.test(line)) {
      out[out.length - 1] = `${prev.trimEnd()} ${line.trim()}`;
      continue;
    }
    const bothTopLevel = prev !== undefined && /^\S/.test(prev) && /^[^\s}\])]/.test(line);
    if (bothTopLevel) {
      const afterPrologue = isPrologue(prev) && !isPrologue(line);
      const beforeComment = isComment(line) && !isComment(prev);
      const afterBlock = /^[}\])]/.test(prev);
      const beforeDeclaration = /^(export |async function |function |class |module\.exports )/.test(line) && !isComment(prev);
      if (afterPrologue || beforeComment || afterBlock || beforeDeclaration) out.push('');
    }
    // A documented class member or statement gets a blank line above its JSDoc (the emitter drops them).
    const docAfterCode = prev !== undefined && /^\s+\/\*\*/.test(line) && /[;})]$/.test(prev) && !isComment(prev.trim());
    // Two top-level JSDoc blocks (typedefs), one of them on several lines: a blank line between them.
    const docAfterDoc = prev !== undefined && /^\/\*\*/.test(line) && (prev === ' */' || (/^\/\*\*.*\*\/$/.test(prev) && line === '/**'));
    if (docAfterCode || docAfterDoc) out.push('');
    out.push(line);
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').replace(/\n+$/, '')}\n`;
}
