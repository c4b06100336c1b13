// Finds where an HTTP server comes to life in the given files: a `.listen(...)` on an express
// app or http.Server, or an `http.createServer(...)` bound to a variable (that variable is the
// server). Works on any ts-morph Project, including in-memory ones.
import path from 'node:path';
import { Node, Project, type SourceFile, SyntaxKind } from 'ts-morph';
import type { ServerSite } from '../../types.js';
import { classifyExpression, isServerCreation, newContext, type ServerOrigin } from './classify.js';

export type { ServerOrigin } from './classify.js';

export interface FoundServerSite extends ServerSite {
  /** What the server is built from: an express app, or a bare http(s) server. */
  origin: ServerOrigin;
}

export interface FindServerSitesOptions {
  /** Report `file` relative to this directory (POSIX); absolute otherwise. */
  root?: string;
}

const MAX_TEXT = 120;

/** A Project that parses only the files handed to it: no tsconfig, no dependency resolution, no lib files. */
export function createAnalysisProject(opts: { inMemory?: boolean } = {}): Project {
  return new Project({
    useInMemoryFileSystem: opts.inMemory ?? false,
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: true,
    skipLoadingLibFiles: true,
    compilerOptions: { allowJs: true },
  });
}

/** Server sites in `files` (absolute paths), in the order given, then by position. */
export function findServerSites(project: Project, files: readonly string[], opts: FindServerSitesOptions = {}): FoundServerSite[] {
  const out: FoundServerSite[] = [];
  for (const file of files) {
    const sf = project.getSourceFile(file) ?? project.addSourceFileAtPathIfExists(file);
    if (sf) out.push(...sitesInFile(project, sf, opts.root));
  }
  return out;
}

function sitesInFile(project: Project, sf: SourceFile, root: string | undefined): FoundServerSite[] {
  const file = root ? path.relative(root, sf.getFilePath()).split(path.sep).join('/') : sf.getFilePath();
  const sites = new Map<number, FoundServerSite>(); // by start position: one report per call
  const reportedCreations = new Set<Node>();
  const add = (node: Node, kind: ServerSite['kind'], origin: ServerOrigin): void => {
    if (sites.has(node.getStart())) return;
    sites.set(node.getStart(), { file, line: node.getStartLineNumber(), kind, text: shortText(node), origin });
  };

  for (const call of sf.getDescendantsOfKind(SyntaxKind.CallExpression)) {
    const callee = call.getExpression();
    if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== 'listen') continue;
    const c = classifyExpression(callee.getExpression(), newContext(project));
    if (!c) continue;
    if (c.creation && c.creation.getSourceFile() === sf) {
      reportedCreations.add(c.creation);
      add(c.creation, 'create-server', c.origin);
    } else {
      add(call, 'listen', c.origin);
    }
  }

  // A top-level `const server = http.createServer(app)` listened elsewhere (or by a library).
  for (const decl of sf.getVariableDeclarations()) {
    const init = decl.getInitializer();
    if (!init || reportedCreations.has(init) || !Node.isIdentifier(decl.getNameNode())) continue;
    if (isServerCreation(init)) add(init, 'create-server', 'http');
  }
  return [...sites.values()].sort((a, b) => a.line - b.line);
}

function shortText(node: Node): string {
  const text = node.getText().replace(/\s+/g, ' ');
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}
