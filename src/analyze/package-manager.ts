// Which package manager the repo uses: the `packageManager` field, then lockfiles walking
// up to the workspace (or git) root, then npm_config_user_agent, else npm. The user agent
// comes last on purpose: `npx` inside a pnpm repo reports npm.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { PackageManager, YarnFlavor } from '../types.js';
import { ancestors, isDir, readText } from './fs-utils.js';

// Order matters when a directory holds several lockfiles (mirrors package-manager-detector).
const LOCKFILES: ReadonlyArray<[string, PackageManager]> = [
  ['bun.lock', 'bun'],
  ['bun.lockb', 'bun'],
  ['pnpm-lock.yaml', 'pnpm'],
  ['pnpm-workspace.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
];

const MANAGERS: readonly PackageManager[] = ['npm', 'pnpm', 'yarn', 'bun'];

export function managerFromField(field: unknown): PackageManager | null {
  if (typeof field !== 'string') return null;
  const name = field.trim().split('@')[0];
  return MANAGERS.find((m) => m === name) ?? null;
}

export function managerFromUserAgent(agent: string | undefined): PackageManager | null {
  if (!agent) return null;
  const name = agent.trim().split(/[\s/]/)[0];
  return MANAGERS.find((m) => m === name) ?? null;
}

export async function detectPackageManager(
  appRoot: string,
  appPackageJson: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
): Promise<PackageManager> {
  const fromField = managerFromField(appPackageJson.packageManager);
  if (fromField) return fromField;
  for await (const { dir, names, packageJson } of toWorkspaceRoot(appRoot, appPackageJson)) {
    const field = dir === path.resolve(appRoot) ? null : managerFromField(packageJson?.packageManager);
    if (field) return field;
    const lock = LOCKFILES.find(([file]) => names.has(file));
    if (lock) return lock[1];
  }
  return managerFromUserAgent(env.npm_config_user_agent) ?? 'npm';
}

/**
 * The app's folder, then each parent up to and including the workspace root (or the repository root), with
 * the names in it and its package.json (the app's own as given).
 */
async function* toWorkspaceRoot(
  appRoot: string,
  appPackageJson: Record<string, unknown>,
): AsyncGenerator<{ dir: string; names: Set<string>; packageJson: Record<string, unknown> | null }> {
  for (const dir of ancestors(appRoot)) {
    let names: Set<string>;
    try {
      names = new Set(await fs.readdir(dir));
    } catch {
      continue;
    }
    const packageJson = dir === path.resolve(appRoot) ? appPackageJson : await readJsonObject(path.join(dir, 'package.json'), names);
    yield { dir, names, packageJson };
    if (names.has('.git') || names.has('pnpm-workspace.yaml') || (packageJson && packageJson.workspaces !== undefined)) return;
  }
}

async function readJsonObject(file: string, siblings: Set<string>): Promise<Record<string, unknown> | null> {
  if (!siblings.has(path.basename(file))) return null;
  const text = await readText(file);
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * Yarn classic (1.x) or berry (2+), which take different install flags. Walks up to the workspace
 * (or git) root like detectPackageManager; the first sign wins: a `packageManager` field naming the
 * major, then `.yarnrc.yml` or `.yarn/releases` (berry only), then the yarn.lock format (berry's has a
 * `__metadata` block; classic's says `yarn lockfile v1`). No sign at all: the user agent, else classic.
 */
export async function detectYarnFlavor(appRoot: string, appPackageJson: Record<string, unknown>, env: NodeJS.ProcessEnv): Promise<YarnFlavor> {
  for await (const { dir, names, packageJson } of toWorkspaceRoot(appRoot, appPackageJson)) {
    const fromField = flavorFromField(packageJson?.packageManager);
    if (fromField) return fromField;
    if (names.has('.yarnrc.yml') || (names.has('.yarn') && (await isDir(path.join(dir, '.yarn', 'releases'))))) return 'berry';
    if (names.has('yarn.lock')) {
      const lock = (await readText(path.join(dir, 'yarn.lock'))) ?? '';
      if (/^__metadata:/m.test(lock)) return 'berry';
      if (/yarn lockfile v1/.test(lock)) return 'classic';
    }
  }
  const agent = /^yarn\/(\d+)\./.exec(env.npm_config_user_agent ?? '');
  return agent && Number(agent[1]) >= 2 ? 'berry' : 'classic';
}

/** `yarn@4.5.0` -> berry, `yarn@1.22.22` -> classic; anything else says nothing. */
function flavorFromField(field: unknown): YarnFlavor | null {
  if (typeof field !== 'string') return null;
  const match = /^yarn@(\d+)\./.exec(field.trim());
  if (!match) return null;
  return Number(match[1]) >= 2 ? 'berry' : 'classic';
}
