import fs from 'node:fs';
import path from 'node:path';
import { ROOT_NODE_MODULES } from './paths.js';

/**
 * Packages that exist in the project's node_modules under an alias, by major version:
 * a fixture declaring `express@4.x` gets /work/main/node_modules/express4, and so on.
 */
const ALIASES: Record<string, Record<number, string>> = {
  express: { 4: 'express4' },
  '@types/express': { 4: '@types/express4' },
  fastify: { 4: 'fastify4' },
  koa: { 2: 'koa2' },
  '@types/koa': { 2: '@types/koa2' },
  typescript: { 4: 'ts47', 6: 'ts6', 7: 'ts7' },
};

/** Exact releases held under an alias: the @types release the CLI pins for TypeScript 4.7 (src/plan/types-for-typescript.ts). */
const EXACT_ALIASES: Record<string, Record<string, string>> = {
  '@types/ws': { '8.5.10': '@types/ws-ts47' },
};

export interface LinkedDep {
  name: string;
  range: string;
  dev: boolean;
  target: string;
  version: string;
}

interface Version {
  major: number;
  minor: number;
  patch: number;
}

function parseVersion(v: string): Version | null {
  const m = /^v?(\d+)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?/.exec(v.trim());
  if (!m) return null;
  const num = (s: string | undefined) => (s === undefined || s === 'x' || s === '*' ? 0 : Number(s));
  return { major: Number(m[1]), minor: num(m[2]), patch: num(m[3]) };
}

function cmp(a: Version, b: Version): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/** Enough of semver for the ranges a scaffolder writes: exact, ^, ~, >=, x-ranges, `a || b`, `*`. */
export function satisfies(version: string, range: string): boolean {
  const v = parseVersion(version);
  if (!v) return false;
  return range.split('||').some((part) => {
    const r = part.trim();
    if (r === '' || r === '*' || r === 'latest' || r === 'x') return true;
    return r.split(/\s+/).every((c) => {
      const op = /^(\^|~|>=|<=|>|<|=)?\s*(.*)$/.exec(c)!;
      const want = parseVersion(op[2]!);
      if (!want) return false;
      const parts = op[2]!.replace(/^v/, '').split('.');
      switch (op[1]) {
        case '^':
          if (cmp(v, want) < 0) return false;
          if (want.major > 0) return v.major === want.major;
          if (want.minor > 0) return v.major === 0 && v.minor === want.minor;
          return v.major === 0 && v.minor === 0 && v.patch === want.patch;
        case '~':
          return cmp(v, want) >= 0 && v.major === want.major && v.minor === want.minor;
        case '>=':
          return cmp(v, want) >= 0;
        case '>':
          return cmp(v, want) > 0;
        case '<=':
          return cmp(v, want) <= 0;
        case '<':
          return cmp(v, want) < 0;
        default: {
          // exact or x-range ("4", "4.x", "4.17.x")
          const wild = (i: number) => parts[i] === undefined || parts[i] === 'x' || parts[i] === '*';
          return v.major === want.major && (wild(1) || v.minor === want.minor) && (wild(2) || v.patch === want.patch);
        }
      }
    });
  });
}

function rangeMajor(range: string): number | null {
  const m = /(\d+)/.exec(range.replace(/^npm:[^@]+@/, ''));
  return m ? Number(m[1]) : null;
}

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
}

/** Where a declared dependency lives in the project's node_modules (alias by major version). */
export function resolveLinkTarget(name: string, range: string): string {
  const exact = EXACT_ALIASES[name]?.[range.replace(/^[=v]/, '')];
  if (exact !== undefined) return path.join(ROOT_NODE_MODULES, exact);
  const major = rangeMajor(range);
  const alias = major !== null ? ALIASES[name]?.[major] : undefined;
  return path.join(ROOT_NODE_MODULES, alias ?? name);
}

/**
 * Give `dir` a node_modules holding ONLY what its package.json declares (dependencies +
 * devDependencies), each a symlink into the project's own node_modules, plus node_modules/.bin
 * links for their bins. Throws when a declared package is not available locally or its version
 * does not satisfy the declared range. Run it AFTER the CLI, so that a dependency the CLI forgot
 * to declare makes the app fail.
 */
export function linkDeclaredDeps(dir: string): LinkedDep[] {
  const pkg = readJson(path.join(dir, 'package.json'));
  const deps = (pkg.dependencies ?? {}) as Record<string, string>;
  const devDeps = (pkg.devDependencies ?? {}) as Record<string, string>;
  const nm = path.join(dir, 'node_modules');
  fs.rmSync(nm, { recursive: true, force: true });
  fs.mkdirSync(path.join(nm, '.bin'), { recursive: true });

  const problems: string[] = [];
  const linked: LinkedDep[] = [];
  const all: [string, string, boolean][] = [
    ...Object.entries(deps).map(([n, r]) => [n, r, false] as [string, string, boolean]),
    ...Object.entries(devDeps).map(([n, r]) => [n, r, true] as [string, string, boolean]),
  ];
  for (const [name, range, dev] of all) {
    const target = resolveLinkTarget(name, range);
    const manifest = path.join(target, 'package.json');
    if (!fs.existsSync(manifest)) {
      problems.push(`${name}@${range}: not in ${ROOT_NODE_MODULES} (looked at ${target})`);
      continue;
    }
    const version = String(readJson(manifest).version);
    if (!satisfies(version, range)) {
      problems.push(`${name}@${range}: the local copy is ${version}, which the declared range does not accept`);
      continue;
    }
    const link = path.join(nm, name);
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(target, link, 'dir');
    linked.push({ name, range, dev, target, version });
  }
  if (problems.length > 0) {
    throw new Error(`linkDeclaredDeps(${dir}): cannot satisfy package.json locally:\n  ${problems.join('\n  ')}`);
  }

  for (const dep of linked) {
    const bin = readJson(path.join(dep.target, 'package.json')).bin as string | Record<string, string> | undefined;
    if (bin === undefined) continue;
    const bins = typeof bin === 'string' ? { [dep.name.replace(/^@[^/]+\//, '')]: bin } : bin;
    for (const [binName, rel] of Object.entries(bins)) {
      const linkPath = path.join(nm, '.bin', binName);
      if (fs.existsSync(linkPath)) continue;
      fs.symlinkSync(path.join('..', dep.name, rel), linkPath);
    }
  }
  return linked;
}
