// JavaScript output (apps without TypeScript): the rendered TypeScript with its types written as JSDoc
// (jsdoc.ts), stripped by the transpiler to ES modules, then, for CommonJS apps, turned into plain
// `require`/`module.exports` (the names stay local, so the JSDoc types keep resolving).
import { ts } from 'ts-morph';
import { withJsDocTypes } from './jsdoc.js';

export function toJavaScript(source: string, fileName: string, moduleSystem: 'cjs' | 'esm'): string {
  const tsName = fileName.replace(/\.js$/, '.ts');
  const { sourceFile, valueImports } = parseTypeScript(source, tsName);
  const annotated = withJsDocTypes(sourceFile, valueImports);
  const esm = transpile(annotated, tsName);
  const lost = tagCount(annotated) - tagCount(esm);
  if (lost !== 0) throw new Error(`${fileName}: ${lost} JSDoc type tag(s) were dropped with the TypeScript syntax they were attached to`);
  return tidyJavaScript(moduleSystem === 'cjs' ? toCommonJs(esm, fileName) : esm);
}

const compilerOptions: ts.CompilerOptions = { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, removeComments: false };

function transpile(source: string, fileName: string, transformers?: ts.CustomTransformers): string {
  return ts.transpileModule(source, { fileName, compilerOptions, transformers }).outputText;
}

/**
 * The source parsed, and the imported names the transpiler keeps (those used as values). Rendering is paid on
 * every command of a JavaScript app, so this costs one transpiler pass, not a transpile, a print and two more
 * parses: transformers hand back the tree the transpiler parsed (`before`; bound by then, so its nodes know
 * their parents, as the JSDoc writer needs) and read the imports left after it dropped the type-only ones
 * (`after`, which then empties the file: its printed text is not used).
 */
function parseTypeScript(source: string, fileName: string): { sourceFile: ts.SourceFile; valueImports: Set<string> } {
  let sourceFile: ts.SourceFile | undefined;
  const valueImports = new Set<string>();
  transpile(source, fileName, {
    before: [() => (parsed) => (sourceFile = parsed)],
    after: [
      (context) => (transformed) => {
        for (const statement of transformed.statements) {
          const clause = ts.isImportDeclaration(statement) ? statement.importClause : undefined;
          if (!clause) continue;
          if (clause.name) valueImports.add(clause.name.text);
          const bindings = clause.namedBindings;
          if (bindings && ts.isNamespaceImport(bindings)) valueImports.add(bindings.name.text);
          if (bindings && ts.isNamedImports(bindings)) for (const element of bindings.elements) valueImports.add(element.name.text);
        }
        return context.factory.updateSourceFile(transformed, []);
      },
    ],
  });
  if (sourceFile === undefined) throw new Error(`${fileName}: the transpiler did not parse the module`);
  return { sourceFile, valueImports };
}

function tagCount(code: string): number {
  return code.match(/@(?:typedef|param|returns|type|template|implements|extends|this)\b/g)?.length ?? 0;
}

// ---------------------------------------------------------------------------------------------------------
// ES module -> CommonJS

interface Edit {
  pos: number;
  end: number;
  text: string;
}

/**
 * `import { a, b as c } from 'm'` -> `const { a, b: c } = require('m')`, `export` dropped from declarations
 * and gathered into one `module.exports = { ... }` at the end, `import('m')` -> `require('m')` in a promise.
 * Generated modules import each other without cycles, so exporting at the end is safe.
 */
function toCommonJs(code: string, fileName: string): string {
  const sf = ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
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

  edits.sort((a, b) => a.pos - b.pos);
  let out = '';
  let at = 0;
  for (const edit of edits) {
    out += code.slice(at, edit.pos) + edit.text;
    at = edit.end;
  }
  out += code.slice(at);
  // A module without exports or requires (only types) would be a script, its typedefs global.
  const exports = exported.length > 0 || !requires ? `\nmodule.exports = { ${exported.join(', ')} };\n` : '';
  return `'use strict';\n\n${out.replace(/\n+$/, '\n')}${exports}`.replace('module.exports = {  };', 'module.exports = {};');
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
export function tidyJavaScript(code: string): string {
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
