// tsconfig `paths` aliases (`@/app` -> src/app), so an app built in another file is followed through an
// alias the way it is through a relative import. Kept per Project: analysis projects are built per repo.
import path from 'node:path';
import type { Project } from 'ts-morph';

export interface PathAliases {
  /** Absolute app root the targets are relative to. */
  root: string;
  /** `{ "@/*": ["src/*"] }`, targets relative to root (POSIX). */
  paths: Record<string, string[]>;
}

const byProject = new WeakMap<Project, PathAliases>();

export function setPathAliases(project: Project, aliases: PathAliases): void {
  byProject.set(project, aliases);
}

/** The absolute path (no extension) an aliased bare specifier stands for, or null when no alias matches. */
export function resolveAlias(project: Project, specifier: string): string | null {
  const aliases = byProject.get(project);
  if (!aliases) return null;
  for (const [pattern, targets] of Object.entries(aliases.paths)) {
    const target = targets[0];
    if (target === undefined) continue;
    const star = pattern.indexOf('*');
    if (star === -1) {
      if (specifier === pattern) return path.resolve(aliases.root, target);
      continue;
    }
    const prefix = pattern.slice(0, star);
    const suffix = pattern.slice(star + 1);
    if (specifier.length >= prefix.length + suffix.length && specifier.startsWith(prefix) && specifier.endsWith(suffix)) {
      const matched = specifier.slice(prefix.length, specifier.length - suffix.length);
      return path.resolve(aliases.root, target.replace('*', matched));
    }
  }
  return null;
}
