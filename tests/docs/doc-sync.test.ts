// The reference tables against the code, both ways, with the lists taken from the source at test time:
// errors.md <-> src/errors.ts; close codes, protocol error codes and handshake statuses <-> the templates;
// config.md <-> src/config/schema.ts and templates/ws/config.ts.hbs; the command and flag tables of README.md
// and references/cli.md <-> the built CLI's --help; the template table of implementation.md <-> templates/.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigSchema } from '../../src/config/schema.js';
import { ERROR_CODES, WARNING_CODES } from '../../src/errors.js';
import { CLI, ROOT } from '../helpers/paths.js';
import { codeSpans, firstCode, readDoc, section, tableRows } from './support/markdown.js';

const errorsDoc = readDoc('references/errors.md');
const protocolDoc = readDoc('references/protocol.md');
const configDoc = readDoc('references/config.md');
const cliDoc = readDoc('references/cli.md');
const readme = readDoc('README.md');
const template = (rel: string) => fs.readFileSync(path.join(ROOT, 'templates', rel), 'utf8');
const wsTemplates = (fs.readdirSync(path.join(ROOT, 'templates', 'ws'), { recursive: true }) as string[])
  .filter((f) => f.endsWith('.hbs'))
  .map((f) => template(path.join('ws', f)));

const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();
/** First code span of the first cell of each row under the heading. */
const firstColumn = (md: string, heading: string) => tableRows(md, heading).map((r) => firstCode(r[0] ?? '') ?? (r[0] ?? '').trim());

// ---- what the source says ----------------------------------------------------------------------------

/** `export const CloseCode = { name: 1000, ... }` of the protocol template. */
function closeCodesInTemplate(): string[] {
  const body = /export const CloseCode = \{([\s\S]*?)\}/.exec(template('ws/protocol.ts.hbs'))?.[1];
  if (!body) throw new Error('templates/ws/protocol.ts.hbs has no `export const CloseCode = {...}`');
  return sorted([...body.matchAll(/^\s*\w+:\s*(\d{4}),/gm)].map((m) => m[1]!));
}

/** `export type ErrorCode = | 'a' | 'b';` of the protocol template. */
function protocolErrorCodesInTemplate(): string[] {
  const body = /export type ErrorCode =([^;]*);/.exec(template('ws/protocol.ts.hbs'))?.[1];
  if (!body) throw new Error('templates/ws/protocol.ts.hbs has no `export type ErrorCode = ...;`');
  return sorted([...body.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]!));
}

/** HTTP statuses of refused handshakes: calls like `rejectHandshake(socket, 404)` / `refuse(socket, 403, ...)`. */
function handshakeStatusesInTemplates(): string[] {
  return sorted(wsTemplates.flatMap((t) => [...t.matchAll(/\(\s*socket\s*,\s*([1-5]\d\d)\b/g)].map((m) => m[1]!)));
}

/** Environment variables the generated server reads: quoted names in config.ts, and env.X / env['X'] anywhere. */
function envVarsInTemplates(): string[] {
  const quoted = [...template('ws/config.ts.hbs').matchAll(/['"]((?:WS|REDIS)_[A-Z0-9_]+)['"]/g)].map((m) => m[1]!);
  const reads = wsTemplates.flatMap((t) => [...t.matchAll(/\benv(?:\.|\[['"])((?:WS|REDIS)_[A-Z0-9_]+)/g)].map((m) => m[1]!));
  return sorted([...quoted, ...reads]);
}

interface Prop {
  name: string;
  comment: string;
}

/** Properties of `export interface <name> ... {` in a template, each with the doc comment above it. */
function interfaceProps(source: string, name: string): Prop[] {
  const start = source.indexOf(`export interface ${name}`);
  if (start === -1) throw new Error(`no interface ${name}`);
  const lines = source.slice(start).split('\n');
  const props: Prop[] = [];
  let comment = '';
  for (const line of lines.slice(1)) {
    if (/^\}/.test(line)) break;
    const prop = /^ {2}(?:readonly )?(\w+)\??[:(]/.exec(line);
    if (prop) {
      props.push({ name: prop[1]!, comment });
      comment = '';
    } else if (/^\s*(\/\*\*|\*|\/\/)/.test(line)) comment += ` ${line.trim()}`;
  }
  return props;
}

/** Config keys with their defaults, nested objects flattened (`limits.heartbeatMs`). */
function configKeys(): Map<string, unknown> {
  const defaults = ConfigSchema.parse({}) as Record<string, unknown>;
  const keys = new Map<string, unknown>();
  for (const key of Object.keys(ConfigSchema.shape)) {
    const value = defaults[key];
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [sub, subValue] of Object.entries(value)) keys.set(`${key}.${sub}`, subValue);
    } else keys.set(key, value);
  }
  return keys;
}

// ---- the CLI's --help ---------------------------------------------------------------------------------

function help(args: string[]): string {
  return execFileSync(process.execPath, [CLI, ...args, '--help'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

/** The indented entries of a commander help section (`Options:`, `Commands:`). */
function helpSection(text: string, title: string): string[] {
  const lines = text.split('\n');
  const start = lines.indexOf(`${title}:`);
  if (start === -1) return [];
  const out: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() !== '' && !line.startsWith(' ')) break;
    if (/^ {2}\S/.test(line)) out.push(line.trim());
  }
  return out;
}

const flagsOf = (entry: string) => [...entry.split(/\s{2,}/)[0]!.matchAll(/--[a-z][a-z-]*/g)].map((m) => m[0]);
const IGNORED_FLAGS = new Set(['--help', '--version']);

let commands: string[] = [];
const flagsByCommand = new Map<string, Set<string>>();

beforeAll(() => {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} does not exist: run \`npm run build\` first`);
  commands = helpSection(help([]), 'Commands')
    .map((l) => l.split(/\s/)[0]!)
    .filter((c) => c !== 'help');
  for (const command of commands) {
    flagsByCommand.set(command, new Set(helpSection(help([command]), 'Options').flatMap(flagsOf).filter((f) => !IGNORED_FLAGS.has(f))));
  }
});

const NOT_YET = /Not in \d+\.\d+\.\d+/;

function documentedCommands(md: string, heading: string): { available: string[]; notYet: string[] } {
  const rows = tableRows(md, heading);
  const name = (r: string[]) => firstCode(r[0]!)!;
  return {
    available: sorted(rows.filter((r) => !NOT_YET.test(r.join(' '))).map(name)),
    notYet: sorted(rows.filter((r) => NOT_YET.test(r.join(' '))).map(name)),
  };
}

// ---- the checks ---------------------------------------------------------------------------------------

describe('references/errors.md <-> src/errors.ts', () => {
  it('lists exactly the error codes of the source, each with its exit code', () => {
    const rows = tableRows(errorsDoc, 'Error codes');
    expect(sorted(rows.map((r) => firstCode(r[0]!)!))).toEqual(sorted(Object.keys(ERROR_CODES)));
    for (const r of rows) expect(r[1], firstCode(r[0]!)!).toBe(String(ERROR_CODES[firstCode(r[0]!) as keyof typeof ERROR_CODES].exit));
  });

  it('lists exactly the warning codes of the source', () => {
    expect(sorted(firstColumn(errorsDoc, 'Warning codes'))).toEqual(sorted(WARNING_CODES));
  });

  it('lists exactly the close codes and handshake statuses the generated server sends', () => {
    expect(sorted(firstColumn(errorsDoc, 'Close codes'))).toEqual(closeCodesInTemplate());
    expect(sorted(firstColumn(errorsDoc, 'HTTP statuses at the handshake'))).toEqual(handshakeStatusesInTemplates());
  });
});

describe('references/protocol.md <-> templates/ws/protocol.ts.hbs', () => {
  it('lists exactly the close codes of CloseCode', () => {
    const codes = closeCodesInTemplate();
    expect(codes).toContain('4001');
    expect(sorted(firstColumn(protocolDoc, 'Close codes'))).toEqual(codes);
  });

  it('lists exactly the error codes of ErrorCode', () => {
    const codes = protocolErrorCodesInTemplate();
    expect(codes).toContain('not_subscribed');
    expect(sorted(firstColumn(protocolDoc, 'Error codes'))).toEqual(codes);
  });

  it('names the protocol version the template speaks', () => {
    const version = /export const PROTOCOL = '([^']+)'/.exec(template('ws/protocol.ts.hbs'))![1]!;
    expect(protocolDoc.split('\n')[0]).toContain(version);
  });
});

describe('references/config.md <-> src/config/schema.ts and templates/ws/config.ts.hbs', () => {
  it('lists exactly the config keys of the schema, each with its default', () => {
    const keys = configKeys();
    const rows = tableRows(configDoc, 'ws-server.config.json');
    expect(sorted(rows.map((r) => firstCode(r[0]!)!))).toEqual(sorted(keys.keys()));
    for (const r of rows) {
      const key = firstCode(r[0]!)!;
      const expected = keys.get(key);
      if (expected === undefined) expect(r[1], key).toBe('-');
      else expect(firstCode(r[1]!), key).toBe(JSON.stringify(expected));
    }
  });

  it('lists exactly the options of attachWebSocketServer(), each with the env var the template names for it', () => {
    const props = [...interfaceProps(template('ws/config.ts.hbs'), 'ConfigOptions'), ...interfaceProps(template('ws/server.ts.hbs'), 'AttachOptions')];
    const rows = tableRows(configDoc, 'attachWebSocketServer() options');
    expect(sorted(rows.map((r) => firstCode(r[0]!)!))).toEqual(sorted(props.map((p) => p.name)));
    for (const r of rows) {
      const prop = props.find((p) => p.name === firstCode(r[0]!))!;
      // The template names an option's variable in parentheses: `(WS_HEARTBEAT_MS, minimum 100)`.
      const inTemplate = sorted([...prop.comment.matchAll(/\(((?:WS|REDIS)_[A-Z0-9_]+)/g)].map((m) => m[1]!));
      expect(sorted(codeSpans(r[1]!)), `env var of option ${prop.name}`).toEqual(inTemplate);
    }
  });

  it('lists exactly the environment variables the generated server reads', () => {
    const vars = envVarsInTemplates();
    expect(vars).toContain('WS_JWT_SECRET');
    expect(sorted(firstColumn(configDoc, 'Environment variables'))).toEqual(vars);
  });

  it('lists exactly the environment variables the preset modules read, with their defaults', () => {
    const presets = fs.readdirSync(path.join(ROOT, 'templates', 'ws', 'presets')).filter((f) => f.endsWith('.ts.hbs'));
    const reads = presets.flatMap((f) => [...template(path.join('ws', 'presets', f)).matchAll(/envInt\('(WS_[A-Z0-9_]+)', ([^,)]+)/g)]);
    expect(reads.length).toBeGreaterThanOrEqual(5);
    const rows = tableRows(configDoc, 'Preset variables');
    expect(sorted(rows.map((r) => firstCode(r[0]!)!))).toEqual(sorted(reads.map((m) => m[1]!)));
    for (const [, name, fallback] of reads) {
      const row = rows.find((r) => firstCode(r[0]!) === name)!;
      // The default as the template computes it (`64 * 1024`), written as a plain number first in the cell.
      const value = fallback!.split('*').reduce((product, factor) => product * Number(factor.trim()), 1);
      expect(row[1]!.split(' ')[0], `default of ${name}`).toBe(String(value));
    }
  });

  it('shows a complete config file that the schema accepts', () => {
    const block = /## ws-server\.config\.json[\s\S]*?```json\n([\s\S]*?)```/.exec(configDoc)![1]!;
    const parsed = ConfigSchema.parse(JSON.parse(block));
    expect(Object.keys(JSON.parse(block) as object).sort()).toEqual(Object.keys(ConfigSchema.shape).sort());
    expect(parsed.limits).toEqual((ConfigSchema.parse({}) as { limits: unknown }).limits);
  });
});

describe('the command and flag tables <-> the built CLI --help', () => {
  for (const [doc, md, heading] of [
    ['README.md', readme, 'Commands'],
    ['references/cli.md', cliDoc, 'Commands'],
  ] as const) {
    it(`${doc} lists every command of --help; the rows marked "Not in ${'<version>'}" are commands --help does not have`, () => {
      const { available, notYet } = documentedCommands(md, heading);
      expect(available, `${doc}: the commands it documents as available`).toEqual(sorted(commands));
      for (const c of notYet) expect(commands, `${doc} says \`${c}\` is not in this release, but --help lists it: update the row`).not.toContain(c);
    });
  }

  it('README.md lists every flag of --help and no other', () => {
    const documented = sorted(tableRows(readme, 'Options').flatMap((r) => flagsOf(r[0]!.replace(/`/g, ''))).filter((f) => !IGNORED_FLAGS.has(f)));
    expect(documented).toEqual(sorted([...flagsByCommand.values()].flatMap((s) => [...s])));
  });

  it('references/cli.md lists every flag with exactly the commands whose --help has it', () => {
    const rows = tableRows(cliDoc, 'Flags');
    const seen = new Set<string>();
    for (const r of rows) {
      const flags = flagsOf(r[0]!.replace(/`/g, '')).filter((f) => !IGNORED_FLAGS.has(f));
      for (const flag of flags) {
        seen.add(flag);
        const cell = r[1]!.trim();
        const claimed = cell === 'all' ? sorted(commands) : sorted(cell.split(',').map((c) => c.trim()));
        const actual = sorted(commands.filter((c) => flagsByCommand.get(c)!.has(flag)));
        expect(claimed, `cli.md: commands of ${flag}`).toEqual(actual);
      }
    }
    expect(sorted(seen)).toEqual(sorted([...flagsByCommand.values()].flatMap((s) => [...s])));
  });
});

describe('references/implementation.md <-> templates/', () => {
  it('lists exactly the members of the WsServer that attachWebSocketServer() returns', () => {
    const members = interfaceProps(template('ws/server.ts.hbs'), 'WsServer').map((p) => p.name);
    expect(members).toContain('publish');
    const listed = codeSpans(section(readDoc('references/implementation.md'), 'Public API')).find((s) => /^\{ [\w, ]+ \}$/.test(s));
    expect(listed, 'a `{ a, b, ... }` list in "Public API"').toBeDefined();
    expect(sorted(listed!.slice(2, -2).split(', '))).toEqual(sorted(members));
  });

  it('maps every template to what it becomes, and lists no template that does not exist', () => {
    const onDisk = (fs.readdirSync(path.join(ROOT, 'templates'), { recursive: true, withFileTypes: true }) as fs.Dirent[])
      .filter((d) => d.isFile())
      .map((d) => path.relative(ROOT, path.join(d.parentPath, d.name)).split(path.sep).join('/'));
    expect(sorted(firstColumn(readDoc('references/implementation.md'), 'Templates and what they become'))).toEqual(sorted(onDisk));
  });
});
