// Finds where an HTTP server comes to life in the given files: a `.listen(...)` on a framework
// app (express, fastify, koa, NestJS) or an http.Server, an `http.createServer(...)` bound to a
// variable (that variable is the server), or Hono's `serve(...)` (it returns the server).
// Works on any ts-morph Project, including in-memory ones.
import path from 'node:path';
import { Node, Project, type SourceFile, SyntaxKind } from 'ts-morph';
import type { ServerSite } from '../../types.js';
import { setPathAliases, type PathAliases } from './aliases.js';
import { classifyExpression, newContext, serverCreationOrigin, type ServerOrigin } from './classify.js';

export type { ServerOrigin } from './classify.js';

export interface FoundServerSite extends ServerSite {
  /** What the server is built from: a framework app, a bare http(s) server, or Hono's serve(). */
  origin: ServerOrigin;
}

export interface FindServerSitesOptions {
  /** Report `file` relative to this directory (POSIX); absolute otherwise. */
  root?: string;
}

const MAX_TEXT = 120;

/**
 * A Project that parses only the files handed to it: no tsconfig, no dependency resolution, no lib files.
 * `aliases`: the tsconfig `paths` to follow like relative imports.
 */
export function createAnalysisProject(opts: { inMemory?: boolean; aliases?: PathAliases } = {}): Project {
  const project = new Project({
    useInMemoryFileSystem: opts.inMemory ?? false,
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: true,
    skipLoadingLibFiles: true,
    compilerOptions: { allowJs: true },
  });
  if (opts.aliases) setPathAliases(project, opts.aliases);
  return project;
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

/** Frameworks whose `listen()` does not return the http.Server: where to find it on the app instead. */
const RECEIVER_MEMBER: Partial<Record<ServerOrigin, ServerSite['receiverMember']>> = {
  fastify: '.server',
  nestjs: '.getHttpServer()',
};

function sitesInFile(project: Project, sf: SourceFile, root: string | undefined): FoundServerSite[] {
  const file = root ? path.relative(root, sf.getFilePath()).split(path.sep).join('/') : sf.getFilePath();
  const sites = new Map<number, FoundServerSite>(); // by start position: one report per call
  const reportedCreations = new Set<Node>();
  const add = (node: Node, kind: ServerSite['kind'], origin: ServerOrigin, extra: Partial<ServerSite> = {}): void => {
    if (sites.has(node.getStart())) return;
    sites.set(node.getStart(), { file, line: node.getStartLineNumber(), kind, text: shortText(node), origin, ...extra });
  };
  const creation = (call: Node, origin: ServerOrigin): void => {
    const name = calledName(call);
    add(call, 'create-server', origin, name && name !== 'createServer' ? { call: name } : {});
  };

  for (const call of sf.getDescendantsOfKind(SyntaxKind.CallExpression)) {
    const callee = call.getExpression();
    if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== 'listen') continue;
    const c = classifyExpression(callee.getExpression(), newContext(project));
    if (!c) continue;
    if (c.creation && c.creation.getSourceFile() === sf) {
      reportedCreations.add(c.creation);
      creation(c.creation, c.origin);
    } else {
      const member = RECEIVER_MEMBER[c.origin];
      add(call, 'listen', c.origin, member ? { receiverMember: member } : {});
    }
  }

  // Hono's `serve({ fetch, port })` starts listening itself and returns the server, wherever it stands.
  for (const call of sf.getDescendantsOfKind(SyntaxKind.CallExpression)) {
    if (!reportedCreations.has(call) && serverCreationOrigin(call) === 'hono' && calledName(call) === 'serve') creation(call, 'hono');
  }

  // A top-level `const server = http.createServer(app)` listened elsewhere (or by a library).
  for (const decl of sf.getVariableDeclarations()) {
    const init = decl.getInitializer();
    if (!init || reportedCreations.has(init) || !Node.isIdentifier(decl.getNameNode())) continue;
    const origin = serverCreationOrigin(init);
    if (origin) creation(init, origin);
  }
  return [...sites.values()].sort((a, b) => a.line - b.line);
}

/** `createServer` of `http.createServer(...)`, `serve` of `serve(...)`, `Server` of `new http.Server(...)`. */
function calledName(call: Node): string | undefined {
  if (!Node.isCallExpression(call) && !Node.isNewExpression(call)) return undefined;
  const callee = call.getExpression();
  if (Node.isIdentifier(callee)) return callee.getText();
  if (Node.isPropertyAccessExpression(callee)) return callee.getName();
  return undefined;
}

function shortText(node: Node): string {
  const text = node.getText().replace(/\s+/g, ' ');
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}
