// Workspace roots (npm/yarn `workspaces`, pnpm-workspace.yaml): the package folders they name, and
// which of them start an HTTP server, so that running at the root can say which --cwd to pass.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { FrameworkName, ServerSite } from '../types.js';
import { isDir, isFile, readText, toPosixRelative } from './fs-utils.js';

export interface WorkspaceApp {
  /** POSIX, relative to the workspace root. */
  dir: string;
  framework: FrameworkName | null;
  site: Pick<ServerSite, 'file' | 'line'> | null;
}

const MAX_PACKAGES = 200;
const SKIP = new Set(['node_modules', 'dist', 'build', '.git']);

/** The package folders of the workspace rooted at `root` (absolute), or null when it is not a workspace root. */
export async function workspacePackages(root: string): Promise<string[] | null> {
  const patterns = await workspacePatterns(root);
  if (patterns === null) return null;
  const include = patterns.filter((p) => !p.startsWith('!'));
  const exclude = patterns.filter((p) => p.startsWith('!')).map((p) => normalize(p.slice(1)));
  const found = new Set<string>();
  for (const pattern of include) {
    for (const dir of await expand(root, normalize(pattern))) {
      const rel = toPosixRelative(root, dir);
      if (exclude.some((e) => e === rel || (e.endsWith('/*') && path.posix.dirname(rel) === e.slice(0, -2)))) continue;
      if (await isFile(path.join(dir, 'package.json'))) found.add(dir);
      if (found.size >= MAX_PACKAGES) break;
    }
  }
  return [...found].sort();
}

/** `workspaces` of package.json (array, or `{ packages }` for yarn), else the `packages:` list of pnpm-workspace.yaml. */
async function workspacePatterns(root: string): Promise<string[] | null> {
  const pkgText = await readText(path.join(root, 'package.json'));
  if (pkgText !== null) {
    try {
      const pkg = JSON.parse(pkgText) as { workspaces?: unknown };
      const ws = Array.isArray(pkg.workspaces) ? pkg.workspaces : (pkg.workspaces as { packages?: unknown } | undefined)?.packages;
      if (Array.isArray(ws)) return ws.filter((p): p is string => typeof p === 'string');
    } catch {
      /* an invalid package.json is reported elsewhere */
    }
  }
  const yaml = await readText(path.join(root, 'pnpm-workspace.yaml'));
  return yaml === null ? null : pnpmPackages(yaml);
}

/** The `packages:` sequence of a pnpm-workspace.yaml (block or flow style); enough YAML for that one key. */
export function pnpmPackages(yaml: string): string[] {
  const lines = yaml.split(/\r?\n/);
  const start = lines.findIndex((l) => /^packages\s*:/.test(l));
  if (start === -1) return [];
  const unquote = (s: string): string => s.trim().replace(/^(['"])(.*)\1$/, '$2');
  const flow = /^packages\s*:\s*\[(.*)\]/.exec(lines[start] ?? '');
  if (flow) return (flow[1] ?? '').split(',').map(unquote).filter(Boolean);
  const out: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^\S/.test(line)) break; // next top-level key
    const item = /^\s*-\s*(.+?)\s*(?:#.*)?$/.exec(line);
    if (item?.[1]) out.push(unquote(item[1]));
  }
  return out;
}

function normalize(p: string): string {
  return p.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
}

/** `apps/*` (one level), `packages/**` (any depth, bounded), or a plain folder. */
async function expand(root: string, pattern: string): Promise<string[]> {
  const parts = pattern.split('/');
  let dirs = [root];
  for (const part of parts) {
    const next: string[] = [];
    for (const dir of dirs) {
      if (part === '**') next.push(dir, ...(await subdirs(dir, 3)));
      else if (part.includes('*')) {
        const re = new RegExp(`^${part.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
        next.push(...(await subdirs(dir, 1)).filter((d) => re.test(path.basename(d))));
      } else if (await isDir(path.join(dir, part))) next.push(path.join(dir, part));
    }
    dirs = next;
  }
  return dirs;
}

async function subdirs(dir: string, depth: number): Promise<string[]> {
  if (depth === 0) return [];
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries) {
    if (!e.isDirectory() || SKIP.has(e.name) || e.name.startsWith('.')) continue;
    const full = path.join(dir, e.name);
    out.push(full, ...(depth > 1 ? await subdirs(full, depth - 1) : []));
  }
  return out;
}

/** The message for "run at a workspace root": the apps that start a server, and the flag to pass. */
export function describeWorkspaceApps(apps: readonly WorkspaceApp[], packages: number): { message: string; hint: string } {
  const withServer = apps.filter((a) => a.site !== null);
  const list = withServer.map((a) => `${a.dir} (${a.framework ?? 'node-http'}, ${a.dir}/${a.site!.file}:${a.site!.line})`).join(', ');
  const message = withServer.length > 0
    ? `This is the root of a workspace (${packages} package${packages === 1 ? '' : 's'}); the WebSocket server goes into one app. Apps with an HTTP server: ${list}.`
    : `This is the root of a workspace (${packages} package${packages === 1 ? '' : 's'}), and none of its packages starts an HTTP server.`;
  const first = withServer[0]?.dir ?? '<app dir>';
  const hint = withServer.length > 0
    ? `Run again with --cwd ${first} (or the app you want); its dependencies go into that app's package.json.`
    : `Run again with --cwd <app dir> and --entry <file>, or --standalone.`;
  return { message, hint };
}
