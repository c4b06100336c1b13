// analyze(appRoot): reads a repo and returns RepoFacts; it never writes. Facts are gathered
// first (in parallel where it is I/O), then the decisions are made in one place below.
import path from 'node:path';
import { CliError } from '../errors.js';
import type { FrameworkName, RepoFacts, ServerSite } from '../types.js';
import { conventionalEntries, DEFAULT_WALK_LIMIT, listSourceFiles, packageJsonEntries, skippedDirs } from './candidates.js';
import { frameworkFromDependencies, frameworkVersion, packageVersion } from './framework.js';
import { isFile, mapLimit, readText, toPosixRelative } from './fs-utils.js';
import { workspacePackages, type WorkspaceApp } from './workspace.js';
import { readPackageJson } from './package-json.js';
import { detectPackageManager, detectYarnFlavor } from './package-manager.js';
import { createAnalysisProject, findServerSites, type FoundServerSite } from './server-site/index.js';
import { isImported, scanSources, type SourceScan } from './sources.js';
import { detectEol, detectFormatter, detectLanguage, detectModuleSystem, detectTestRunner, hasTsCheckPragma } from './tooling.js';
import { readCheckJs, readTsconfig } from './tsconfig.js';

export { findServerSites, createAnalysisProject, type FoundServerSite } from './server-site/index.js';

export interface AnalyzeOptions {
  /** `--entry`: search the server site only in this file (relative to appRoot, or absolute). */
  entry?: string;
  /** `--framework`: overrides the framework found in the dependencies. */
  framework?: FrameworkName;
  /** Environment for `npm_config_user_agent` (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** Most source files walked (default 5,000). */
  walkLimit?: number;
}

export async function analyze(appRoot: string, opts: AnalyzeOptions = {}): Promise<RepoFacts> {
  const root = path.resolve(appRoot);
  const [{ facts: pkg, raw }, tsconfig] = await Promise.all([readPackageJson(root), readTsconfig(root)]);

  const entryOverride = opts.entry ? path.resolve(root, opts.entry) : null;
  const [entryExists, packageManager, formatter, named, conventional, walkedAll, workspaceDirs] = await Promise.all([
    entryOverride ? isFile(entryOverride) : Promise.resolve(true),
    detectPackageManager(root, raw, opts.env ?? process.env),
    detectFormatter(root, pkg, raw),
    packageJsonEntries(root, pkg, tsconfig),
    conventionalEntries(root),
    listSourceFiles(root, skippedDirs(tsconfig), opts.walkLimit ?? DEFAULT_WALK_LIMIT),
    workspacePackages(root),
  ]);
  // At a workspace root, the packages' sources are theirs, not the root's (their servers are listed by analyzeWorkspaceRoot).
  const walked = workspaceDirs ? walkedAll.filter((f) => !workspaceDirs.some((d) => d !== root && f.startsWith(d + path.sep))) : walkedAll;
  if (entryOverride && !entryExists) {
    throw new CliError('ENTRY_NOT_FOUND', `--entry ${opts.entry}: no such file in ${root}.`);
  }

  const nominated = unique([...(entryOverride ? [entryOverride] : []), ...named, ...conventional]);
  const scan = scanSources(root, unique([...nominated, ...walked]));

  // The server site: only in --entry when given, else in every file that passed the prefilter.
  const searched = entryOverride ? [entryOverride] : [...scan.serverCandidates.keys()];
  const project = createAnalysisProject(tsconfig?.paths ? { aliases: { root, paths: tsconfig.paths } } : {});
  for (const file of searched) {
    const text = scan.serverCandidates.get(file) ?? (await readText(file)) ?? '';
    project.createSourceFile(file, text, { overwrite: true });
  }
  const found = findServerSites(project, searched, { root });
  const pool = preferredSites(found, root, [new Set(named), new Set(conventional)], scan);
  const serverSite = pool.length === 1 ? plain(pool[0] as FoundServerSite) : null;

  const entryAbs =
    entryOverride ??
    (pool.length > 0 && pool.every((s) => s.file === pool[0]?.file) ? path.resolve(root, (pool[0] as FoundServerSite).file) : null) ??
    nominated[0] ??
    null;
  const entry = entryAbs ? toPosixRelative(root, entryAbs) : null;

  const frameworkName = opts.framework ?? frameworkFromDependencies(pkg) ?? frameworkFromSites(found);
  const [version, tsVersion, entryText] = await Promise.all([
    frameworkName ? frameworkVersion(root, pkg, frameworkName) : Promise.resolve(null),
    packageVersion(root, pkg, 'typescript'),
    entryAbs ? (scan.serverCandidates.get(entryAbs) ?? readText(entryAbs)) : Promise.resolve(null),
  ]);

  const language = detectLanguage(pkg, tsconfig, scan.hasTsSources);
  const yarnFlavor = packageManager === 'yarn' ? await detectYarnFlavor(root, raw, opts.env ?? process.env) : null;
  const checkJs = language === 'js' && (hasTsCheckPragma(entryText) || (await readCheckJs(root)));
  return {
    appRoot: root,
    packageJson: pkg,
    framework: frameworkName ? { name: frameworkName, version } : null,
    entry,
    serverSite,
    serverSites: pool.map(plain),
    moduleSystem: detectModuleSystem(pkg, tsconfig, language, entry),
    language,
    ...(checkJs ? { checkJs } : {}),
    typescript: language === 'ts' && tsVersion ? { version: tsVersion } : null,
    tsconfig,
    packageManager,
    ...(yarnFlavor ? { yarnFlavor } : {}),
    testRunner: detectTestRunner(pkg),
    existingWebSocket: scan.existingWebSocket,
    upgradeSwallowers: scan.upgradeSwallowers,
    formatter,
    eol: detectEol(entryText),
    inspected: (entryOverride ? [entryOverride] : unique([...nominated, ...searched])).map((f) => toPosixRelative(root, f)),
  };
}

/**
 * At a workspace root: every package folder, analyzed, with its server site (the root's own facts say
 * nothing about them). Null when `root` is not a workspace root.
 */
export async function analyzeWorkspaceRoot(root: string): Promise<{ apps: WorkspaceApp[]; packages: number } | null> {
  const dirs = await workspacePackages(path.resolve(root));
  if (dirs === null) return null;
  const apps = await mapLimit(dirs, 4, async (dir): Promise<WorkspaceApp> => {
    const rel = toPosixRelative(path.resolve(root), dir);
    try {
      const facts = await analyze(dir);
      const site = facts.serverSite ?? facts.serverSites?.[0] ?? null;
      return { dir: rel, framework: site ? (facts.framework?.name ?? null) : null, site: site ? { file: site.file, line: site.line } : null };
    } catch {
      return { dir: rel, framework: null, site: null }; // an unreadable package is just not a candidate
    }
  });
  return { apps, packages: dirs.length };
}

/**
 * Narrows several sites, one preference after the other (a preference that would leave none is
 * skipped): in an entry named by package.json, in a conventional entry (`src/index.ts`...),
 * in a file nobody imports. What is left over is ambiguous and returned whole: the caller decides.
 */
function preferredSites(sites: FoundServerSite[], root: string, entrySets: Set<string>[], scan: SourceScan): FoundServerSite[] {
  const abs = (s: FoundServerSite): string => path.resolve(root, s.file);
  const preferences = [...entrySets.map((set) => (s: FoundServerSite) => set.has(abs(s))), (s: FoundServerSite) => !isImported(scan, abs(s))];
  let pool = sites;
  for (const preferred of preferences) {
    if (pool.length <= 1) break;
    const narrowed = pool.filter(preferred);
    if (narrowed.length > 0) pool = narrowed;
  }
  return pool;
}

/** No framework dependency: a framework import found at the site still names it (e.g. hoisted in a workspace). */
function frameworkFromSites(sites: FoundServerSite[]): FrameworkName | null {
  if (sites.length === 0) return null;
  const origins = new Set(sites.map((s) => s.origin));
  const named = (['nestjs', 'fastify', 'koa', 'hono', 'express'] as const).find((o) => origins.has(o));
  return named ?? 'node-http';
}

function plain(site: FoundServerSite): ServerSite {
  return {
    file: site.file,
    line: site.line,
    kind: site.kind,
    text: site.text,
    ...(site.call ? { call: site.call } : {}),
    ...(site.receiverMember ? { receiverMember: site.receiverMember } : {}),
  };
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
