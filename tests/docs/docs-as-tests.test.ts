// Docs as tests: the shell blocks of SKILL.md, README.md and references/cli.md run, in document order, on a
// fresh copy of a fixture app; every command must exit 0 and every JSON it prints must be a valid report.
// The rules that map the documented commands to this checkout are in support/doc-runner.ts.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/paths.js';
import { cleanupTempDirs, copyFixture } from '../helpers/scaffold.js';
import { mapCommand, makeNpmShim, runBlocks, shellBlocks, VERSION, type ShellBlock } from './support/doc-runner.js';
import { readDoc } from './support/markdown.js';

/** Each document runs on its own fixture copy (a TypeScript app where the document type-checks). */
const DOCS: { doc: string; fixture: string; endsScaffolded: boolean }[] = [
  { doc: 'SKILL.md', fixture: 'express4-ts-cjs', endsScaffolded: true },
  { doc: 'README.md', fixture: 'node-http-ts', endsScaffolded: true },
  // cli.md ends with `remove`: the app is left without the config and manifest.
  { doc: 'references/cli.md', fixture: 'express-js-cjs', endsScaffolded: false },
];
/** Fewer runnable blocks than this means blocks were marked not-run, or dropped, to make the suite pass. */
const MIN_RUNNABLE_BLOCKS = 11;
const MIN_RUN_COMMANDS = 22;

const blocks = new Map<string, ShellBlock[]>(DOCS.map(({ doc }) => [doc, shellBlocks(doc, readDoc(doc))]));
const allBlocks = [...blocks.values()].flat();
let commandsRun = 0;
let reportsValidated = 0;

afterAll(() => cleanupTempDirs());

describe('the shell blocks of the docs', () => {
  it(`run at least ${MIN_RUNNABLE_BLOCKS} blocks; every skipped one says why with the visible marker`, () => {
    const runnable = allBlocks.filter((b) => b.notRunReason === null);
    expect(runnable.length, runnable.map((b) => `${b.doc}:${b.line}`).join(', ')).toBeGreaterThanOrEqual(MIN_RUNNABLE_BLOCKS);
    for (const b of allBlocks.filter((x) => x.notRunReason !== null)) expect(b.notRunReason!.length, `${b.doc}:${b.line}`).toBeGreaterThan(10);
    // The README's newcomer commands stay, marked, not deleted.
    const readme = blocks.get('README.md')!;
    expect(readme.some((b) => b.commands.includes('npm install && npm run demo') && b.notRunReason !== null)).toBe(true);
    expect(readme.some((b) => b.commands.includes('npm test') && b.notRunReason !== null)).toBe(true);
  });

  it('map `npx --yes create-ws-server@<version>` to the built CLI, and refuse any other invocation', () => {
    expect(mapCommand(`npx --yes create-ws-server@${VERSION} doctor --json`)).toBe(`${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} doctor --json`);
    expect(() => mapCommand('npx --yes create-ws-server@9.9.9 init')).toThrow(/package.json's version/);
    expect(() => mapCommand('npx create-ws-server init')).toThrow(/pinned form/);
    expect(() => mapCommand('npx --yes create-ws-server init')).toThrow(/pinned form/);
    expect(mapCommand('npm run test:ws')).toBe('npm run test:ws');
  });

  for (const { doc, fixture, endsScaffolded } of DOCS) {
    it(`${doc}: every runnable command succeeds on a copy of ${fixture}`, { timeout: 600_000 }, async () => {
      const dir = copyFixture(fixture);
      const shim = makeNpmShim(path.dirname(dir));
      const runs = await runBlocks(blocks.get(doc)!, dir, shim);
      expect(runs.length, `${doc} runs commands`).toBeGreaterThan(0);
      commandsRun += runs.length;
      reportsValidated += runs.filter((r) => r.json !== null).length;
      // The documented commands really scaffolded the app (and, for cli.md, removed it again).
      const ran = (re: RegExp) => runs.some((r) => re.test(r.command));
      expect(ran(/ init /), `${doc} runs init`).toBe(true);
      expect(fs.existsSync(path.join(dir, 'ws-server.config.json')), `${doc}: config left`).toBe(endsScaffolded);
      expect(fs.existsSync(path.join(dir, '.ws-server', 'manifest.json')), `${doc}: manifest left`).toBe(endsScaffolded);
    });
  }

  it(`ran at least ${MIN_RUN_COMMANDS} commands and validated their JSON reports`, () => {
    expect(commandsRun).toBeGreaterThanOrEqual(MIN_RUN_COMMANDS);
    expect(reportsValidated).toBeGreaterThanOrEqual(15);
  });
});
