// Command-line options, validated once at the edge and typed for the stages behind it.
import { CliError } from './errors.js';
import { FRAMEWORK_NAMES } from './types.js';
import type { FrameworkName } from './types.js';

export interface GlobalOptions {
  cwd: string;
  yes: boolean;
  json: boolean;
  dryRun: boolean;
  install: boolean;
  force: boolean;
  onConflict: 'markers' | 'ours' | 'theirs';
}

/** init's options: each also settable in ws-server.config.json; undefined = not given. */
export interface InitOptions {
  framework?: FrameworkName;
  entry?: string;
  standalone?: boolean;
  path?: string;
  auth?: 'jwt' | 'none';
  redis?: boolean;
  preset?: string[];
  out?: string;
  tests?: string;
}

export const ON_CONFLICT = ['markers', 'ours', 'theirs'] as const;
export const AUTH_MODES = ['jwt', 'none'] as const;

/** Turns commander's loose option bag into typed options; an invalid value is a usage error (exit 2). */
export function parseOptions(raw: Record<string, unknown>): { global: GlobalOptions; init: InitOptions } {
  const onConflict = oneOf('--on-conflict', raw.onConflict ?? 'markers', ON_CONFLICT);
  const global: GlobalOptions = {
    cwd: typeof raw.cwd === 'string' ? raw.cwd : process.cwd(),
    yes: raw.yes === true,
    json: raw.json === true,
    dryRun: raw.dryRun === true,
    install: raw.install !== false,
    force: raw.force === true,
    onConflict,
  };
  const init: InitOptions = {};
  if (raw.framework !== undefined) init.framework = oneOf('--framework', raw.framework, FRAMEWORK_NAMES);
  if (typeof raw.entry === 'string') init.entry = raw.entry;
  if (raw.standalone === true) init.standalone = true;
  if (raw.path !== undefined) {
    if (typeof raw.path !== 'string' || !/^\/[A-Za-z0-9._~\-/]*$/.test(raw.path)) {
      throw new CliError('USAGE', `Invalid value for --path: ${JSON.stringify(raw.path)}; expected a URL path starting with "/", e.g. /ws.`);
    }
    init.path = raw.path;
  }
  if (raw.auth !== undefined) init.auth = oneOf('--auth', raw.auth, AUTH_MODES);
  if (typeof raw.redis === 'boolean') init.redis = raw.redis;
  if (Array.isArray(raw.preset)) init.preset = raw.preset as string[];
  if (typeof raw.out === 'string') init.out = raw.out;
  if (typeof raw.tests === 'string') init.tests = raw.tests;
  return { global, init };
}

function oneOf<T extends string>(flag: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new CliError('USAGE', `Invalid value for ${flag}: ${JSON.stringify(value)}; expected one of ${allowed.join(', ')}.`);
}

/** Prompts only with a terminal on both ends, and never under --yes, --json or CI. */
export function canPrompt(global: GlobalOptions): boolean {
  return Boolean(process.stdin.isTTY && process.stdout.isTTY) && !global.yes && !global.json && !process.env.CI;
}
