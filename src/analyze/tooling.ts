// Repo conventions the generated code follows: module system, language, test runner, formatter.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Language, ModuleSystem, PackageJsonFacts, TestRunner, TsconfigFacts } from '../types.js';
import { ancestors } from './fs-utils.js';
import { hasDependency } from './package-json.js';

const ESM_MODULE_KINDS = new Set(['es2015', 'es6', 'es2020', 'es2022', 'esnext', 'preserve']);

/**
 * `.mts`/`.mjs` entries are ESM and `.cts`/`.cjs` CommonJS whatever package.json says; then
 * `"type": "module"`; then a TypeScript app compiled to ES modules (module esnext & co., run by
 * a bundler or tsx). Under node16/nodenext, `type` alone decides, as it does for Node.
 */
export function detectModuleSystem(pkg: PackageJsonFacts, tsconfig: TsconfigFacts | null, language: Language, entry: string | null): ModuleSystem {
  const ext = entry ? path.extname(entry) : '';
  if (ext === '.mts' || ext === '.mjs') return 'esm';
  if (ext === '.cts' || ext === '.cjs') return 'cjs';
  if (pkg.type === 'module') return 'esm';
  if (language === 'ts' && tsconfig?.module && ESM_MODULE_KINDS.has(tsconfig.module)) return 'esm';
  return 'cjs';
}

export function detectLanguage(pkg: PackageJsonFacts, tsconfig: TsconfigFacts | null, hasTsSources: boolean): Language {
  return tsconfig && (hasDependency(pkg, 'typescript') || hasTsSources) ? 'ts' : 'js';
}

/** `// @ts-check` before the first statement (TypeScript reads the pragma from the leading comments only). */
export function hasTsCheckPragma(text: string | null): boolean {
  if (text === null) return false;
  const leading = /^(?:#![^\n]*\n)?(?:\s|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*/.exec(text)?.[0] ?? '';
  return /^\s*\/\/\s*@ts-check\b/m.test(leading);
}

/** The runner the `test` script calls wins; else a declared vitest, then jest; else node:test. */
export function detectTestRunner(pkg: PackageJsonFacts): TestRunner {
  const script = pkg.scripts.test ?? '';
  if (/\bvitest\b/.test(script) && hasDependency(pkg, 'vitest')) return 'vitest';
  if (/\bjest\b/.test(script) && hasDependency(pkg, 'jest')) return 'jest';
  if (hasDependency(pkg, 'vitest')) return 'vitest';
  if (hasDependency(pkg, 'jest')) return 'jest';
  return 'node:test';
}

const PRETTIER_CONFIG = /^(?:\.prettierrc(?:\.(?:json|json5|ya?ml|toml|[cm]?[jt]s))?|prettier\.config\.[cm]?[jt]s)$/;
const BIOME_CONFIG = /^biome\.jsonc?$/;

/**
 * Prettier (a dependency, a config file or a `prettier` key) before Biome. Config files are
 * looked for from the app root up to the repository or workspace root.
 */
export async function detectFormatter(appRoot: string, pkg: PackageJsonFacts, rawPkg: Record<string, unknown>): Promise<'prettier' | 'biome' | null> {
  if (hasDependency(pkg, 'prettier') || rawPkg.prettier !== undefined) return 'prettier';
  let biome = hasDependency(pkg, '@biomejs/biome');
  for (const dir of ancestors(appRoot)) {
    let names: string[];
    try {
      names = await fs.readdir(dir);
    } catch {
      continue;
    }
    if (names.some((n) => PRETTIER_CONFIG.test(n))) return 'prettier';
    biome ||= names.some((n) => BIOME_CONFIG.test(n));
    if (names.includes('.git') || names.includes('pnpm-workspace.yaml')) break;
  }
  return biome ? 'biome' : null;
}

export function detectEol(text: string | null): '\n' | '\r\n' {
  return text?.includes('\r\n') ? '\r\n' : '\n';
}
