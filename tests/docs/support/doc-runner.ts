// Runs the shell blocks of a document, in order, in a fixture app copy: the docs are the test.
//
// The rules (also written in references/cli.md, "How these examples are tested"):
// - `npx --yes create-ws-server@<version>` runs the checkout's built CLI (`node dist/cli.js`): the package is
//   not on a registry here. `<version>` must equal package.json's version; any other way of invoking
//   create-ws-server in a runnable block fails the test.
// - `npm install` without package names (what the CLI runs, and what the docs tell users to run) gives the app a
//   node_modules of symlinks to the packages it declares, taken from the checkout's node_modules.
// - npm runs with `offline=true`, so a command that would need the registry fails instead of reaching it.
// - A block whose first line is `# not run by the docs tests: <reason>` is not run.
import fs from 'node:fs';
import path from 'node:path';
import { CLI, ROOT } from '../../helpers/paths.js';
import { describeRun, run, type RunResult } from '../../helpers/proc.js';
import { assertValidReport } from '../../support/report-schema.js';
import { codeBlocks, type CodeBlock } from './markdown.js';

export const VERSION = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
export const NOT_RUN_MARKER = /^# not run by the docs tests: (\S.*)$/;
const SHELL_LANGS = new Set(['sh', 'bash', 'shell', 'zsh', 'console']);

export interface ShellBlock extends CodeBlock {
  doc: string;
  /** null when the block runs; the reason written in the block otherwise. */
  notRunReason: string | null;
  commands: string[];
}

/** The shell blocks of a document in order, with their commands (continuation lines joined, comments dropped). */
export function shellBlocks(doc: string, md: string): ShellBlock[] {
  return codeBlocks(md)
    .filter((b) => SHELL_LANGS.has(b.lang))
    .map((b) => {
      const first = b.body.split('\n')[0] ?? '';
      const marker = NOT_RUN_MARKER.exec(first);
      return { ...b, doc, notRunReason: marker ? marker[1]! : null, commands: commandsOf(b.body) };
    });
}

function commandsOf(body: string): string[] {
  const commands: string[] = [];
  let pending = '';
  for (const raw of body.split('\n')) {
    const line = pending ? `${pending} ${raw.trim()}` : raw;
    if (line.endsWith('\\')) {
      pending = line.slice(0, -1).trimEnd();
      continue;
    }
    pending = '';
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    commands.push(line.trim());
  }
  return commands;
}

const PINNED = /npx --yes create-ws-server@(\S+)/g;

/** Applies the npx rule; throws when a command invokes create-ws-server any other way or at another version. */
export function mapCommand(command: string): string {
  const mapped = command.replace(PINNED, (_m, version: string) => {
    if (version !== VERSION) {
      throw new Error(`"${command}" pins create-ws-server@${version}, but package.json's version is ${VERSION}`);
    }
    return `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)}`;
  });
  if (/\bcreate-ws-server\b/.test(mapped.replace(/"[^"]*"/g, ''))) {
    throw new Error(`"${command}" runs create-ws-server without the pinned form \`npx --yes create-ws-server@${VERSION}\``);
  }
  return mapped;
}

function findOnPath(name: string): string {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir === '' || dir.split(path.sep).includes('node_modules')) continue;
    const file = path.join(dir, name);
    if (fs.existsSync(file)) return file;
  }
  throw new Error(`${name} is not on PATH`);
}

/**
 * A directory holding an `npm` that turns a bare `npm install` into linking the declared packages from the
 * checkout (tests/docs/support/link-installed.ts) and hands every other npm command to the real npm.
 */
export function makeNpmShim(dir: string): string {
  const bin = path.join(dir, 'shim-bin');
  fs.mkdirSync(bin, { recursive: true });
  const realNpm = findOnPath('npm');
  const tsx = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const linker = path.join(ROOT, 'tests', 'docs', 'support', 'link-installed.ts');
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  fs.writeFileSync(
    path.join(bin, 'npm'),
    [
      '#!/bin/sh',
      '# docs tests: `npm install` without package names links the declared packages; the rest is the real npm.',
      'if [ "$1" = "install" ] || [ "$1" = "i" ]; then',
      '  bare=1',
      '  shift',
      '  for a in "$@"; do case "$a" in -*) ;; *) bare=0 ;; esac; done',
      `  if [ "$bare" = 1 ]; then exec ${q(process.execPath)} ${q(tsx)} ${q(linker)} "$PWD"; fi`,
      `  exec ${q(realNpm)} install "$@"`,
      'fi',
      `exec ${q(realNpm)} "$@"`,
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  return bin;
}

export interface CommandRun {
  block: ShellBlock;
  command: string;
  mapped: string;
  result: RunResult;
  /** Every JSON document the command printed (stdout that parses as JSON). */
  json: unknown | null;
}

/** Runs one documented command in `cwd`; throws with the whole output unless it exits 0. */
export async function runDocCommand(block: ShellBlock, command: string, cwd: string, shimBin: string, timeoutMs = 240_000): Promise<CommandRun> {
  const mapped = mapCommand(command);
  const env = {
    PATH: `${shimBin}${path.delimiter}${process.env.PATH ?? ''}`,
    npm_config_offline: 'true',
    npm_config_update_notifier: 'false',
  };
  const result = await run('bash', ['-eo', 'pipefail', '-c', mapped], { cwd, env, timeoutMs });
  const where = `${block.doc}:${block.line}: \`${command}\``;
  if (result.exitCode !== 0 || result.timedOut) throw new Error(`${where} failed:\n${describeRun(result)}`);
  const text = result.stdout.trim();
  let json: unknown = null;
  if (text.startsWith('{') || text.startsWith('[')) {
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw new Error(`${where} printed something that starts like JSON but is not one document: ${(err as Error).message}\n${describeRun(result)}`);
    }
    try {
      assertValidReport(json);
    } catch (err) {
      throw new Error(`${where}: ${(err as Error).message}`);
    }
  }
  return { block, command, mapped, result, json };
}

/** Runs every runnable block of the documents, in order, in `cwd`. */
export async function runBlocks(blocks: ShellBlock[], cwd: string, shimBin: string): Promise<CommandRun[]> {
  const runs: CommandRun[] = [];
  for (const block of blocks) {
    if (block.notRunReason !== null) continue;
    for (const command of block.commands) runs.push(await runDocCommand(block, command, cwd, shimBin));
  }
  return runs;
}
