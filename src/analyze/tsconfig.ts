// Reads tsconfig.json (JSONC: comments and trailing commas) and the chain it `extends`,
// without building a program, so no deprecation diagnostic (TS5107 under TS 6 for
// moduleResolution "node" or baseUrl) can get in the way. Values are kept as written
// (lower-cased) rather than round-tripped through TypeScript's enums, which would turn
// "node" into "node10".
import path from 'node:path';
import { ts } from 'ts-morph';
import type { TsconfigFacts } from '../types.js';
import { ancestors, isFile, readText, toPosixRelative } from './fs-utils.js';

export interface RawConfig {
  file: string;
  compilerOptions: Record<string, unknown>;
  include?: unknown;
  files?: unknown;
  exclude?: unknown;
  extends?: unknown;
}

const MAX_EXTENDS_DEPTH = 10;

export async function readTsconfig(appRoot: string): Promise<TsconfigFacts | null> {
  const file = path.join(appRoot, 'tsconfig.json');
  const chain = await readChain(file, new Set(), 0);
  if (chain.length === 0) return null;

  // Base first, so later (more derived) configs override.
  const options: Record<string, { value: unknown; from: string }> = {};
  let include: { value: string[]; from: string } | null = null;
  for (const config of [...chain].reverse()) {
    for (const [key, value] of Object.entries(config.compilerOptions)) options[key] = { value, from: config.file };
    if (Array.isArray(config.include)) {
      include = { value: config.include.filter((x): x is string => typeof x === 'string'), from: config.file };
    }
  }

  const str = (key: string): string | null => {
    const v = options[key]?.value;
    return typeof v === 'string' ? v.toLowerCase() : null;
  };
  const bool = (key: string): boolean | null => {
    const v = options[key]?.value;
    return typeof v === 'boolean' ? v : null;
  };
  // Paths in a config are relative to the config that declares them.
  const dirOption = (key: string): string | null => {
    const entry = options[key];
    if (!entry || typeof entry.value !== 'string') return null;
    return toPosixRelative(appRoot, path.resolve(path.dirname(entry.from), entry.value)) || '.';
  };

  const module = str('module');
  const paths = pathAliases(appRoot, options.paths, options.baseUrl);
  return {
    path: toPosixRelative(appRoot, file),
    strict: bool('strict') ?? false,
    module,
    moduleResolution: str('moduleResolution') ?? impliedModuleResolution(module),
    verbatimModuleSyntax: bool('verbatimModuleSyntax') ?? false,
    esModuleInterop: bool('esModuleInterop') ?? impliesEsModuleInterop(module),
    rootDir: dirOption('rootDir'),
    outDir: dirOption('outDir'),
    include: include
      ? include.value.map((p) => toPosixRelative(appRoot, path.resolve(path.dirname(include.from), p)) || '.')
      : null,
    ...(paths ? { paths } : {}),
  };
}

/** `compilerOptions.checkJs` of jsconfig.json, else of tsconfig.json (with the configs they extend). */
export async function readCheckJs(appRoot: string): Promise<boolean> {
  for (const name of ['jsconfig.json', 'tsconfig.json']) {
    const chain = await readChain(path.join(appRoot, name), new Set(), 0);
    const value = chain.map((config) => config.compilerOptions.checkJs).find((v) => typeof v === 'boolean');
    if (chain.length > 0) return value === true;
  }
  return false;
}

/** `paths` targets resolve against baseUrl when set, else against the config that declares `paths`. */
function pathAliases(
  appRoot: string,
  paths: { value: unknown; from: string } | undefined,
  baseUrl: { value: unknown; from: string } | undefined,
): Record<string, string[]> | null {
  if (!paths || !paths.value || typeof paths.value !== 'object') return null;
  const base = typeof baseUrl?.value === 'string' ? path.resolve(path.dirname(baseUrl.from), baseUrl.value) : path.dirname(paths.from);
  const out: Record<string, string[]> = {};
  for (const [pattern, targets] of Object.entries(paths.value as Record<string, unknown>)) {
    if (!Array.isArray(targets)) continue;
    out[pattern] = targets.filter((t): t is string => typeof t === 'string').map((t) => toPosixRelative(appRoot, path.resolve(base, t)) || '.');
  }
  return Object.keys(out).length > 0 ? out : null;
}

function impliedModuleResolution(module: string | null): string | null {
  switch (module) {
    case 'nodenext':
      return 'nodenext';
    case 'node16':
    case 'node18':
    case 'node20':
      return 'node16';
    case 'preserve':
      return 'bundler';
    default:
      return null;
  }
}

function impliesEsModuleInterop(module: string | null): boolean {
  return module === 'node16' || module === 'node18' || module === 'node20' || module === 'nodenext' || module === 'preserve';
}

/** The config at `file` followed by the configs it extends (depth-first, most derived first). */
export async function readChain(file: string, seen: Set<string> = new Set(), depth = 0): Promise<RawConfig[]> {
  if (seen.has(file) || depth > MAX_EXTENDS_DEPTH) return [];
  seen.add(file);
  const text = await readText(file);
  if (text === null) return [];
  // A syntax error still yields what could be parsed; detection carries on with it.
  const { config } = ts.parseConfigFileTextToJson(file, text) as { config?: unknown };
  if (!config || typeof config !== 'object') return [];
  const raw = config as Record<string, unknown>;
  const compilerOptions =
    raw.compilerOptions && typeof raw.compilerOptions === 'object' ? (raw.compilerOptions as Record<string, unknown>) : {};
  const self: RawConfig = { file, compilerOptions, include: raw.include, files: raw.files, exclude: raw.exclude, extends: raw.extends };

  // TS 5 allows an array; later entries override earlier ones, and the file itself overrides all.
  const parents = typeof raw.extends === 'string' ? [raw.extends] : Array.isArray(raw.extends) ? raw.extends : [];
  const bases: RawConfig[] = [];
  for (const spec of [...parents].reverse()) {
    if (typeof spec !== 'string') continue;
    const resolved = await resolveExtends(path.dirname(file), spec);
    if (resolved) bases.push(...(await readChain(resolved, seen, depth + 1)));
  }
  return [self, ...bases];
}

async function resolveExtends(fromDir: string, spec: string): Promise<string | null> {
  const candidates = (base: string): string[] => (base.endsWith('.json') ? [base] : [base, `${base}.json`]);
  if (spec.startsWith('.') || path.isAbsolute(spec)) {
    for (const c of candidates(path.resolve(fromDir, spec))) if (await isFile(c)) return c;
    return null;
  }
  // A package, e.g. "@tsconfig/node20/tsconfig.json" or "@tsconfig/node20".
  for (const dir of ancestors(fromDir)) {
    const base = path.join(dir, 'node_modules', spec);
    for (const c of [...candidates(base), path.join(base, 'tsconfig.json')]) if (await isFile(c)) return c;
  }
  return null;
}
