// Adds dependencies and scripts to package.json text, keeping its indentation and line endings.
import type { PlannedDependency } from '../types.js';

export interface PackageJsonEdit {
  text: string;
  added: PlannedDependency[];
  scriptsAdded: string[];
}

/**
 * `previousScripts`: what we wrote last time (from the manifest). A script still holding exactly that
 * is ours and follows the plan (e.g. test:ws lists the Redis tests once Redis is on); one the user
 * changed is theirs and stays.
 */
export function editPackageJson(text: string, deps: PlannedDependency[], scripts: Record<string, string>, previousScripts: Record<string, string> = {}): PackageJsonEdit {
  const pkg = JSON.parse(text) as Record<string, unknown>;
  const added: PlannedDependency[] = [];
  for (const dep of deps) {
    const field = dep.dev ? 'devDependencies' : 'dependencies';
    const other = dep.dev ? 'dependencies' : 'devDependencies';
    const current = (pkg[field] ?? {}) as Record<string, string>;
    if (dep.name in current || dep.name in ((pkg[other] ?? {}) as Record<string, string>)) continue;
    pkg[field] = sortKeys({ ...current, [dep.name]: dep.range });
    added.push(dep);
  }
  const scriptsAdded: string[] = [];
  const currentScripts = (pkg.scripts ?? {}) as Record<string, string>;
  for (const [name, command] of Object.entries(scripts)) {
    const ours = name in previousScripts && currentScripts[name] === previousScripts[name];
    if (name in currentScripts && (!ours || currentScripts[name] === command)) continue; // the user's script wins
    currentScripts[name] = command;
    scriptsAdded.push(name);
  }
  if (scriptsAdded.length) pkg.scripts = currentScripts;
  if (!added.length && !scriptsAdded.length) return { text, added, scriptsAdded };
  const indent = /^[ \t]+(?=")/m.exec(text)?.[0] ?? '  ';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const out = JSON.stringify(pkg, null, indent).replace(/\n/g, eol) + (/\r?\n$/.test(text) ? eol : '');
  return { text: out, added, scriptsAdded };
}

function sortKeys(obj: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(obj).sort(([a], [b]) => a.localeCompare(b)));
}
