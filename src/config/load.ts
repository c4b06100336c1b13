import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseTree, printParseErrorCode } from 'jsonc-parser';
import type { ParseError } from 'jsonc-parser';
import type { z } from 'zod';
import { CliError } from '../errors.js';
import type { Config } from '../types.js';
import { migrateConfig } from './migrate.js';
import { CONFIG_FILE, CONFIG_VERSION, ConfigSchema, LimitsSchema, SCHEMA_REF } from './schema.js';

/** Reads ws-server.config.json from the app root; null when there is none. */
export async function loadConfig(appRoot: string): Promise<Config | null> {
  return (await loadConfigFile(appRoot))?.config ?? null;
}

/** Like loadConfig, also saying which older version the file was migrated from. */
export async function loadConfigFile(appRoot: string): Promise<{ config: Config; migratedFrom: number | null } | null> {
  const file = path.join(appRoot, CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  return parseConfigFile(text);
}

/** Parses and validates config text; every failure names the field, what was expected and what was found. */
export function parseConfig(text: string): Config {
  return parseConfigFile(text).config;
}

export function parseConfigFile(text: string): { config: Config; migratedFrom: number | null } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new CliError('CONFIG_INVALID', `${CONFIG_FILE} is not valid JSON: ${describeJsonError(text, err as Error)}`);
  }
  const migrated = migrateConfig(raw);
  return { config: validateConfig(migrated.raw), migratedFrom: migrated.migratedFrom };
}

export function validateConfig(raw: unknown): Config {
  const result = ConfigSchema.safeParse(raw);
  if (!result.success) {
    throw new CliError('CONFIG_INVALID', `${CONFIG_FILE}: ${describeIssue(result.error.issues[0]!, raw)}`);
  }
  const { $schema: _ignored, ...config } = result.data;
  return config as Config;
}

/** The config as written to disk: `$schema` first, every resolved option spelled out. */
export function serializeConfig(config: Config, eol = '\n'): string {
  const ordered = { $schema: SCHEMA_REF, ...config, version: CONFIG_VERSION };
  return JSON.stringify(ordered, null, 2).replace(/\n/g, eol) + eol;
}

function describeIssue(issue: z.core.$ZodIssue, raw: unknown): string {
  const at = issue.path.length ? issue.path.join('.') : '(top level)';
  if (issue.code === 'unrecognized_keys') {
    const known = issue.path.length === 1 && issue.path[0] === 'limits' ? Object.keys(LimitsSchema.shape) : Object.keys(ConfigSchema.shape);
    return issue.keys
      .map((key) => {
        const guess = closest(key, known);
        return `unknown key "${issue.path.length ? `${at}.` : ''}${key}"${guess ? ` (did you mean "${guess}"?)` : ''}`;
      })
      .join('; ');
  }
  const found = valueAt(raw, issue.path);
  return `field "${at}": expected ${expectedOf(issue)}, found ${JSON.stringify(found) ?? 'nothing'}`;
}

function expectedOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected;
    case 'invalid_value':
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      return `a value >= ${String(issue.minimum)}`;
    case 'too_big':
      return `a value <= ${String(issue.maximum)}`;
    case 'invalid_format':
      return issue.message.replace(/^Invalid string: /, '');
    default:
      return issue.message;
  }
}

function valueAt(raw: unknown, keys: PropertyKey[]): unknown {
  let value = raw;
  for (const key of keys) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** Where JSON.parse failed, as "line L, column C: what" (jsonc-parser reports the offset of the first error). */
function describeJsonError(text: string, err: Error): string {
  const errors: ParseError[] = [];
  parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  const first = errors[0];
  if (!first) return err.message;
  const before = text.slice(0, first.offset).split('\n');
  return `line ${before.length}, column ${before[before.length - 1]!.length + 1}: ${printParseErrorCode(first.error)}`;
}

/** The known key nearest to `key` by edit distance, if it is close enough to be a typo. */
export function closest(key: string, known: string[]): string | null {
  let best: string | null = null;
  let bestDistance = Math.max(2, Math.floor(key.length / 3)) + 1;
  for (const candidate of known) {
    const d = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}
