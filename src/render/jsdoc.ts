// Rewrites a rendered TypeScript module so that its types are also written as JSDoc, ready for the
// transpiler to strip the TypeScript syntax: the JavaScript that comes out keeps every annotation as
// `@param`/`@returns`/`@type`/`@typedef`/`@template`/`@implements`, and `as` casts as `/** @type {T} */ (x)`.
// The templates are a known subset of TypeScript; a construct outside it is an error, never a silent `any`.
import { ts } from 'ts-morph';
import { applyEdits, type Edit } from './edits.js';

/** How an imported name is written in a JSDoc type once its import is gone. */
interface ImportBinding {
  module: string;
  /** The exported name, 'default', or '*' for a namespace import. */
  imported: string;
}

type FunctionLike =
  | ts.FunctionDeclaration
  | ts.MethodDeclaration
  | ts.ConstructorDeclaration
  | ts.GetAccessorDeclaration
  | ts.SetAccessorDeclaration
  | ts.ArrowFunction
  | ts.FunctionExpression;

/**
 * The text of `sourceFile` (TypeScript, parsed with parent nodes) with JSDoc types added next to its
 * annotations, interfaces and type aliases replaced by `@typedef` comments, and `as` casts turned into JSDoc
 * casts. `valueImports`: the imported names the transpiler keeps (used as values); the other imported names
 * become `@typedef {import('m').X}` aliases.
 */
export function withJsDocTypes(sourceFile: ts.SourceFile, valueImports: ReadonlySet<string>): string {
  return new JsDocWriter(sourceFile, valueImports).run();
}

class JsDocWriter {
  private readonly text: string;
  private readonly fileName: string;
  private readonly edits: Edit[] = [];
  private readonly imports = new Map<string, ImportBinding>();
  /** Imported names used with type arguments somewhere (they are written inline: a typedef alias is not generic). */
  private readonly genericNames = new Set<string>();
  private readonly aliases = new Map<string, string>();
  /** Functions whose JSDoc went on their variable or property. */
  private readonly documented = new Set<ts.Node>();

  constructor(
    private readonly sf: ts.SourceFile,
    private readonly valueImports: ReadonlySet<string>,
  ) {
    this.text = sf.text;
    this.fileName = sf.fileName;
  }

  run(): string {
    // The aliases of imported types go after the imports and re-exports (whose own comments are not kept).
    let lastImport: ts.Statement | null = null;
    for (const statement of this.sf.statements) {
      if (ts.isImportDeclaration(statement)) this.collectImport(statement);
      if (ts.isImportDeclaration(statement) || (ts.isExportDeclaration(statement) && statement.moduleSpecifier)) lastImport = statement;
    }
    const findGeneric = (node: ts.Node): void => {
      if (ts.isTypeReferenceNode(node) && node.typeArguments) this.genericNames.add(leftmost(node.typeName).text);
      ts.forEachChild(node, findGeneric);
    };
    findGeneric(this.sf);

    const visit = (node: ts.Node): void => {
      if (this.convert(node)) ts.forEachChild(node, visit);
    };
    ts.forEachChild(this.sf, visit);

    if (this.aliases.size > 0) {
      if (lastImport === null) throw new Error(`${this.fileName}: type aliases without imports`);
      this.edits.push({ pos: lastImport.end, end: lastImport.end, text: `\n\n${[...this.aliases.values()].join('\n')}` });
    }
    return applyEdits(this.text, this.edits);
  }

  private collectImport(node: ts.ImportDeclaration): void {
    const clause = node.importClause;
    if (!clause || !ts.isStringLiteral(node.moduleSpecifier)) return;
    const module = node.moduleSpecifier.text;
    if (clause.name) this.imports.set(clause.name.text, { module, imported: 'default' });
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) this.imports.set(bindings.name.text, { module, imported: '*' });
    if (bindings && ts.isNamedImports(bindings)) {
      for (const element of bindings.elements) {
        this.imports.set(element.name.text, { module, imported: (element.propertyName ?? element.name).text });
      }
    }
  }

  /** Adds the edits for one node; false: its children need no visit (a declaration replaced whole). */
  private convert(node: ts.Node): boolean {
    if (ts.isImportDeclaration(node)) return false;
    if (ts.isInterfaceDeclaration(node)) {
      this.replaceWithTypedef(node, this.interfaceTypedef(node));
      return false;
    }
    if (ts.isTypeAliasDeclaration(node)) {
      this.replaceWithTypedef(node, [`@typedef {${this.typeText(node.type)}} ${node.name.text}`]);
      return false;
    }
    if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) this.classTags(node);
    else if (ts.isVariableStatement(node)) this.variableTags(node);
    else if (ts.isPropertyDeclaration(node)) this.propertyTags(node);
    else if (isFunctionLike(node)) this.functionTags(node);
    else if (ts.isAsExpression(node) || ts.isTypeAssertionExpression(node)) this.cast(node.expression, node, node.type);
    else if (ts.isNewExpression(node) && node.typeArguments) this.genericNew(node);
    else if (ts.isCallExpression(node) && node.typeArguments) this.genericCall(node);
    else if (ts.isNonNullExpression(node)) this.unsupported(node, 'a non-null assertion (!)');
    else if (ts.isEnumDeclaration(node) || ts.isModuleDeclaration(node)) this.unsupported(node, 'an enum or namespace');
    else if (ts.isParameter(node) && ts.isParameterPropertyDeclaration(node, node.parent)) this.unsupported(node, 'a parameter property');
    else if (ts.isIndexSignatureDeclaration(node) && !ts.isTypeLiteralNode(node.parent)) this.unsupported(node, 'an index signature in a class');
    else if (ts.isTypeNode(node) && !ts.isExpressionWithTypeArguments(node)) return false;
    return true;
  }

  // -------------------------------------------------------------------------------------------------------
  // Declarations

  private interfaceTypedef(node: ts.InterfaceDeclaration): string[] {
    const lines = this.templateTags(node.typeParameters);
    const heritage = (node.heritageClauses ?? []).flatMap((clause) => clause.types.map((t) => this.typeText(t)));
    const members = node.members;
    const names = members.map((m) => (m.name && (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name)) ? m.name.text : null));
    const simple =
      heritage.length === 0 &&
      members.every((m) => ts.isPropertySignature(m) || ts.isMethodSignature(m)) &&
      names.every((n, i) => n !== null && names.indexOf(n) === i);
    if (simple) {
      lines.push(`@typedef {Object} ${node.name.text}`);
      for (const member of members) {
        const name = names[members.indexOf(member)] as string;
        const type = ts.isMethodSignature(member) ? this.signatureText(member) : member.type ? this.typeText(member.type) : 'any';
        const key = member.questionToken ? `[${name}]` : name;
        const doc = ownDocLines(member);
        lines.push(`@property {${type}} ${key}${doc.length > 0 ? ` ${doc.join('\n')}` : ''}`);
      }
      return lines;
    }
    // Heritage or signatures @property cannot say: a type literal, the members' docs listed above it.
    const memberDocs = members.flatMap((m) => {
      const doc = ownDocLines(m);
      return doc.length > 0 && m.name ? [`- \`${m.name.getText(this.sf)}\`: ${doc.join(' ')}`] : [];
    });
    const literal = members.length === 0 ? [] : [`{\n${members.map((m) => `  ${this.typeText(m).replace(/[;,]$/, '')};`).join('\n')}\n}`];
    return [...memberDocs, ...lines, `@typedef {${[...heritage, ...literal].join(' & ') || '{}'}} ${node.name.text}`];
  }

  private replaceWithTypedef(node: ts.InterfaceDeclaration | ts.TypeAliasDeclaration, tags: string[]): void {
    const docs = jsDocsOf(node);
    const start = docs[0]?.getStart(this.sf) ?? node.getStart(this.sf);
    const description = docs.flatMap((doc) => docLines(doc.getText(this.sf)));
    const templates = node.kind === ts.SyntaxKind.TypeAliasDeclaration ? this.templateTags(node.typeParameters) : [];
    this.edits.push({ pos: start, end: node.end, text: block(indentAt(this.text, start), [...description, ...templates, ...tags]) });
  }

  private classTags(node: ts.ClassDeclaration | ts.ClassExpression): void {
    const tags = this.templateTags(node.typeParameters);
    for (const clause of node.heritageClauses ?? []) {
      for (const type of clause.types) {
        if (clause.token === ts.SyntaxKind.ImplementsKeyword) tags.push(`@implements {${this.typeText(type)}}`);
        else if (type.typeArguments) tags.push(`@extends {${this.typeText(type)}}`);
      }
    }
    this.addTags(node, tags);
  }

  private variableTags(node: ts.VariableStatement): void {
    const declarations = node.declarationList.declarations;
    if (declarations.length !== 1) {
      if (declarations.some((d) => d.type)) this.unsupported(node, 'several typed variables in one statement');
      return;
    }
    const declaration = declarations[0] as ts.VariableDeclaration;
    if (declaration.exclamationToken) this.unsupported(declaration, 'a definite assignment (!:)');
    const init = declaration.initializer;
    const isAsync = (n: ts.Node): boolean => (ts.getCombinedModifierFlags(n as ts.Declaration) & ts.ModifierFlags.Async) !== 0;
    // An async function under `@type` must return the global Promise; a cast only gives it its context.
    if (declaration.type && init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) && isAsync(init)) this.cast(init, init, declaration.type);
    else if (declaration.type) this.addTags(node, [`@type {${this.typeText(declaration.type)}}`]);
    else if (init && ts.isNewExpression(init) && init.typeArguments) this.addTags(node, [`@type {${this.newTypeText(init)}}`]);
    else if (init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) {
      this.documented.add(init);
      this.addTags(node, this.signatureTags(init));
    }
    if (init && ts.isNewExpression(init) && init.typeArguments) this.documented.add(init);
  }

  private propertyTags(node: ts.PropertyDeclaration): void {
    if (node.exclamationToken) this.unsupported(node, 'a definite assignment (!:)');
    const init = node.initializer;
    if (node.type) {
      const type = this.typeText(node.type);
      this.addTags(node, [`@type {${node.questionToken ? `${type} | undefined` : type}}`]);
    } else if (init && ts.isNewExpression(init) && init.typeArguments) {
      this.addTags(node, [`@type {${this.newTypeText(init)}}`]);
    } else if (init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) {
      this.documented.add(init);
      this.addTags(node, this.signatureTags(init));
    }
    if (init && ts.isNewExpression(init) && init.typeArguments) this.documented.add(init);
  }

  private functionTags(node: FunctionLike): void {
    if (this.documented.has(node)) return;
    if (!('body' in node) || node.body === undefined) {
      this.unsupported(node, 'an overload signature');
      return;
    }
    const isCallback = ts.isArrowFunction(node) || ts.isFunctionExpression(node);
    if (!isCallback) {
      this.addTags(node, this.signatureTags(node));
      return;
    }
    // A callback: its parameter types inline when that says it all, else one JSDoc before it.
    const simple =
      !node.type &&
      !node.typeParameters &&
      node.parameters.every((p) => !p.questionToken && !p.dotDotDotToken);
    if (simple) {
      for (const param of node.parameters) {
        if (param.type) this.insert(param.getStart(this.sf), `/** @type {${this.typeText(param.type)}} */ `);
      }
      return;
    }
    const tags = this.signatureTags(node);
    if (tags.length > 0) this.insert(node.getStart(this.sf), `${inlineBlock(tags)} `);
  }

  /** @template, @param and @returns of a function (only what its TypeScript annotates). */
  private signatureTags(node: FunctionLike): string[] {
    const tags = this.templateTags(node.typeParameters);
    for (const param of node.parameters) {
      if (!param.type) continue;
      if (!ts.isIdentifier(param.name)) {
        this.insert(param.getStart(this.sf), `/** @type {${this.typeText(param.type)}} */ `);
        continue;
      }
      if (param.name.text === 'this') {
        tags.push(`@this {${this.typeText(param.type)}}`);
        continue;
      }
      let type = this.typeText(param.type);
      if (param.dotDotDotToken) {
        if (!ts.isArrayTypeNode(param.type)) this.unsupported(param, 'a rest parameter whose type is not T[]');
        else type = `...${this.typeText(param.type.elementType)}`;
      }
      const optional = param.questionToken !== undefined || param.initializer !== undefined;
      tags.push(`@param {${type}} ${optional ? `[${param.name.text}]` : param.name.text}`);
    }
    if (node.type && !ts.isConstructorDeclaration(node) && !ts.isSetAccessorDeclaration(node)) {
      tags.push(`@returns {${this.typeText(node.type)}}`);
    }
    return tags;
  }

  private templateTags(params: ts.NodeArray<ts.TypeParameterDeclaration> | undefined): string[] {
    return (params ?? []).map((p) => {
      const constraint = p.constraint ? `{${this.typeText(p.constraint)}} ` : '';
      const name = p.default ? `[${p.name.text}=${this.typeText(p.default)}]` : p.name.text;
      return `@template ${constraint}${name}`;
    });
  }

  /** The type of a method signature as a function type: `<T>(a: A) => R`. */
  private signatureText(node: ts.MethodSignature): string {
    const typeParams = node.typeParameters ? `<${node.typeParameters.map((p) => this.typeText(p)).join(', ')}>` : '';
    const params = node.parameters.map((p) => this.typeText(p)).join(', ');
    return `${typeParams}(${params}) => ${node.type ? this.typeText(node.type) : 'any'}`;
  }

  // -------------------------------------------------------------------------------------------------------
  // Expressions

  /** `x as T` -> `/** @type {T} *\/ (x)`; `as const` -> `@type {const}`. */
  private cast(expression: ts.Expression, node: ts.Expression, type: ts.TypeNode | string): void {
    const typeText = typeof type === 'string' ? type : isConstType(type) ? 'const' : this.typeText(type);
    if (ts.isTypeAssertionExpression(node)) {
      this.edits.push({ pos: node.getStart(this.sf), end: expression.getStart(this.sf), text: `/** @type {${typeText}} */ (` });
      this.edits.push({ pos: expression.end, end: expression.end, text: ')' });
      return;
    }
    this.insert(expression.getStart(this.sf), `/** @type {${typeText}} */ (`);
    this.edits.push({ pos: expression.end, end: node.end, text: ')' });
  }

  private genericNew(node: ts.NewExpression): void {
    // `new Map<K, V>([...])`: the entries get the element type (the context of their callbacks).
    const [arg] = node.arguments ?? [];
    const typeArgs = (node.typeArguments ?? []).map((t) => this.typeText(t));
    const collection = ts.isIdentifier(node.expression) ? node.expression.text : '';
    if (arg && node.arguments?.length === 1 && (collection === 'Map' || collection === 'Set') && typeArgs.length === (collection === 'Map' ? 2 : 1)) {
      this.cast(arg, arg, collection === 'Map' ? `Iterable<readonly [${typeArgs.join(', ')}]>` : `Iterable<${typeArgs[0]}>`);
    }
    if (this.documented.has(node)) return;
    this.cast(node, node, this.newTypeText(node));
  }

  /** `f<T>(...)`: cast to f's declared return type (for T), when f is declared here; else inference decides. */
  private genericCall(node: ts.CallExpression): void {
    const declaration = this.calleeDeclaration(node);
    if (!declaration?.type || !declaration.typeParameters) return;
    const args = node.typeArguments ?? [];
    const substitutions = new Map<string, string>();
    declaration.typeParameters.forEach((param, i) => {
      const arg = args[i] ?? param.default;
      if (!arg) return;
      const text = this.typeText(arg);
      substitutions.set(param.name.text, /^[\w.$]+(<[^|&]*>)?(\[\])*$/.test(text) || /^\{[^|&]*\}$/.test(text) ? text : `(${text})`);
    });
    this.cast(node, node, this.typeText(declaration.type, substitutions));
  }

  private calleeDeclaration(node: ts.CallExpression): ts.FunctionDeclaration | ts.MethodDeclaration | null {
    const callee = node.expression;
    if (ts.isIdentifier(callee)) {
      const found = this.sf.statements.find((s): s is ts.FunctionDeclaration => ts.isFunctionDeclaration(s) && s.name?.text === callee.text && s.body !== undefined);
      return found ?? null;
    }
    if (!ts.isPropertyAccessExpression(callee)) return null;
    // `this.m<T>()`: the enclosing class's m; `x.m<T>()`: the one generic method m of a class in this file.
    const methods = (scope: ts.ClassLikeDeclaration): ts.MethodDeclaration[] =>
      scope.members.filter(
        (m): m is ts.MethodDeclaration => ts.isMethodDeclaration(m) && ts.isIdentifier(m.name) && m.name.text === callee.name.text && m.body !== undefined,
      );
    if (callee.expression.kind === ts.SyntaxKind.ThisKeyword) {
      let scope: ts.Node | undefined = node.parent;
      while (scope && !ts.isClassLike(scope)) scope = scope.parent;
      return scope && ts.isClassLike(scope) ? (methods(scope)[0] ?? null) : null;
    }
    const candidates: ts.MethodDeclaration[] = [];
    const collect = (n: ts.Node): void => {
      if (ts.isClassLike(n)) candidates.push(...methods(n).filter((m) => m.typeParameters));
      ts.forEachChild(n, collect);
    };
    collect(this.sf);
    return candidates.length === 1 ? (candidates[0] as ts.MethodDeclaration) : null;
  }

  private newTypeText(node: ts.NewExpression): string {
    return `${node.expression.getText(this.sf)}<${(node.typeArguments ?? []).map((t) => this.typeText(t)).join(', ')}>`;
  }

  // -------------------------------------------------------------------------------------------------------
  // Type text

  /**
   * The source text of a type with each imported name written so that it resolves in the JavaScript: kept
   * when the import stays (a value), else a `@typedef` alias, or `import('m').X` (generic or `typeof`).
   * `substitutions` replaces type parameters (a generic call's return type).
   */
  private typeText(node: ts.Node, substitutions?: ReadonlyMap<string, string>): string {
    const replacements: Edit[] = [];
    const start = node.getStart(this.sf);
    const visit = (n: ts.Node): void => {
      let name: ts.Identifier | null = null;
      let isTypeof = false;
      if (ts.isTypeReferenceNode(n)) name = leftmost(n.typeName);
      else if (ts.isExpressionWithTypeArguments(n) && isEntityExpression(n.expression)) name = leftmostExpression(n.expression);
      else if (ts.isTypeQueryNode(n)) {
        name = leftmost(n.exprName);
        isTypeof = true;
      }
      if (name) {
        const replacement = substitutions?.get(name.text) ?? this.importedName(name.text, isTypeof);
        if (replacement !== null) replacements.push({ pos: name.getStart(this.sf) - start, end: name.end - start, text: replacement });
      }
      ts.forEachChild(n, visit);
    };
    visit(node);
    return applyEdits(this.text.slice(start, node.end), replacements);
  }

  /** How an imported name is written in a type; null: as it is (not imported, or its import stays). */
  private importedName(name: string, isTypeof: boolean): string | null {
    const binding = this.imports.get(name);
    if (!binding || this.valueImports.has(name)) return null;
    const inline = `import('${binding.module}')${binding.imported === '*' ? '' : `.${binding.imported}`}`;
    if (isTypeof || binding.imported === '*' || this.genericNames.has(name)) return inline;
    this.aliases.set(name, `/** @typedef {${inline}} ${name} */`);
    return null;
  }

  // -------------------------------------------------------------------------------------------------------
  // Edits

  /** Adds tags to the node's own JSDoc, or a new JSDoc above it. */
  private addTags(node: ts.Node, tags: string[]): void {
    if (tags.length === 0) return;
    const docs = jsDocsOf(node);
    const last = docs[docs.length - 1];
    if (last) {
      const start = last.getStart(this.sf);
      this.edits.push({ pos: start, end: last.end, text: block(indentAt(this.text, start), [...docLines(last.getText(this.sf)), ...tags]) });
      return;
    }
    const start = node.getStart(this.sf);
    const indent = indentAt(this.text, start);
    this.insert(start, `${block(indent, tags)}\n${indent}`);
  }

  private insert(pos: number, text: string): void {
    this.edits.push({ pos, end: pos, text });
  }

  private unsupported(node: ts.Node, what: string): void {
    const { line } = this.sf.getLineAndCharacterOfPosition(node.getStart(this.sf));
    throw new Error(`${this.fileName}:${line + 1}: ${what} has no JavaScript form with JSDoc types; write it another way in the template`);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Helpers

function isFunctionLike(node: ts.Node): node is FunctionLike {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node) ||
    ts.isArrowFunction(node) ||
    ts.isFunctionExpression(node)
  );
}

function isConstType(node: ts.TypeNode): boolean {
  return ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName) && node.typeName.text === 'const';
}

function leftmost(name: ts.EntityName): ts.Identifier {
  let current = name;
  while (ts.isQualifiedName(current)) current = current.left;
  return current;
}

function isEntityExpression(node: ts.Expression): boolean {
  return ts.isIdentifier(node) || (ts.isPropertyAccessExpression(node) && isEntityExpression(node.expression));
}

function leftmostExpression(node: ts.Expression): ts.Identifier | null {
  let current = node;
  while (ts.isPropertyAccessExpression(current)) current = current.expression;
  return ts.isIdentifier(current) ? current : null;
}

function jsDocsOf(node: ts.Node): ts.JSDoc[] {
  return ((node as { jsDoc?: ts.JSDoc[] }).jsDoc ?? []).filter((doc) => doc.parent === node);
}

/** A member's own JSDoc as text lines. */
function ownDocLines(node: ts.Node): string[] {
  const sf = node.getSourceFile();
  return jsDocsOf(node).flatMap((doc) => docLines(doc.getText(sf)));
}

/** The content lines of a `/** ... *\/` comment, without the comment syntax. */
function docLines(comment: string): string[] {
  const body = comment.replace(/^\/\*\*/, '').replace(/\*\/$/, '');
  const lines = body.split('\n').map((line, i) => (i === 0 ? line.trim() : line.replace(/^\s*\* ?/, '').trimEnd()));
  while (lines.length > 0 && lines[0] === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The whitespace from the start of the line to `pos`. */
function indentAt(text: string, pos: number): string {
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart, pos))?.[0] ?? '';
  return indent;
}

/** A JSDoc comment: one line when short, else one line per entry (a multi-line type keeps its shape). */
function block(indent: string, entries: string[]): string {
  const lines = entries.flatMap((entry) => reindent(entry));
  if (lines.length === 1 && indent.length + (lines[0] as string).length < 110) return `/** ${lines[0]} */`;
  return ['/**', ...lines.map((line) => (line === '' ? ' *' : ` * ${line}`)), ' */'].join(`\n${indent}`);
}

/** On one line, for a callback's JSDoc in the middle of an expression. */
function inlineBlock(tags: string[]): string {
  return `/** ${tags.map((tag) => reindent(tag).join(' ')).join(' ')} */`;
}

/** The lines of an entry, the continuation lines of a multi-line type dedented to two spaces. */
function reindent(entry: string): string[] {
  const [first = '', ...rest] = entry.split('\n');
  if (rest.length === 0) return [first];
  const lead = (line: string): number => /^ */.exec(line)?.[0].length ?? 0;
  const body = rest.filter((line) => line.trim() !== '' && !/^\s*[}\])]/.test(line));
  const margin = body.length > 0 ? Math.min(...body.map(lead)) : 0;
  return [
    first,
    ...rest.map((l) => {
      const line = l.slice(Math.min(margin, lead(l))).trimEnd();
      return /^[}\])]/.test(line) ? line : `  ${line}`;
    }),
  ];
}

