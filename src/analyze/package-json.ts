// Reads the app's package.json into PackageJsonFacts (plus the raw object for the few
// fields other detectors need: packageManager, workspaces, prettier).
import path from 'node:path';
import { CliError } from '../errors.js';
import type { PackageJsonFacts } from '../types.js';
import { readText } from './fs-utils.js';

export interface PackageJsonRead {
  facts: PackageJsonFacts;
  raw: Record<string, unknown>;
}

export async function readPackageJson(appRoot: string): Promise<PackageJsonRead> {
  const file = path.join(appRoot, 'package.json');
  const text = await readText(file);
  if (text === null) {
    throw new CliError('NO_PACKAGE_JSON', `No package.json in ${appRoot}.`);
  }
  const raw = parsePackageJson(text);
  return { facts: toFacts(raw), raw };
}

export function parsePackageJson(text: string): Record<string, unknown> {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (error) {
    const where = jsonErrorLocation(source, (error as Error).message);
    const detail = (error as Error).message.replace(/\s*in JSON at position \d+.*$/, '');
    throw new CliError('PACKAGE_JSON_INVALID', `package.json is not valid JSON${where}: ${detail}.`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new CliError('PACKAGE_JSON_INVALID', 'package.json must hold a JSON object.');
  }
  return value as Record<string, unknown>;
}

/** ` at line L, column C` from V8's "... at position N" (absent in some messages). */
function jsonErrorLocation(text: string, message: string): string {
  const lineCol = /\(line (\d+) column (\d+)\)/.exec(message);
  if (lineCol) return ` at line ${lineCol[1]}, column ${lineCol[2]}`;
  const pos = /position (\d+)/.exec(message);
  const offset = pos ? Number(pos[1]) : /end of JSON input/.test(message) ? text.length : -1;
  if (offset < 0) return '';
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return ` at line ${line}, column ${column}`;
}

function toFacts(raw: Record<string, unknown>): PackageJsonFacts {
  return {
    name: typeof raw.name === 'string' ? raw.name : null,
    type: raw.type === 'module' || raw.type === 'commonjs' ? raw.type : null,
    main: typeof raw.main === 'string' ? raw.main : null,
    scripts: stringRecord(raw.scripts),
    dependencies: stringRecord(raw.dependencies),
    devDependencies: stringRecord(raw.devDependencies),
  };
}

function stringRecord(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, v] of Object.entries(value)) if (typeof v === 'string') out[key] = v;
  }
  return out;
}

export function declaredRange(pkg: PackageJsonFacts, name: string): string | undefined {
  return pkg.dependencies[name] ?? pkg.devDependencies[name];
}

export function hasDependency(pkg: PackageJsonFacts, name: string): boolean {
  return declaredRange(pkg, name) !== undefined;
}
