// Regeneration keeps every user edit: each scenario starts from a fresh scaffold of a real fixture app
// (express4-ts-cjs), runs the BUILT cli, asserts exact file contents, and, when it ends without a
// conflict, proves the app still type-checks and its generated tests pass.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { realFs } from '../../src/apply/atomic.js';
import type { WriterFs } from '../../src/apply/atomic.js';
import { scaffold } from '../../src/commands/scaffold.js';
import { emptyReport } from '../../src/report.js';
import { linkDeclaredDeps } from '../helpers/link.js';
import { ROOT } from '../helpers/paths.js';
import { run } from '../helpers/proc.js';
import {
  actions, changedPaths, cli, editConfig, expectTypechecksAndTestsPass, freshApp, read, replaceIn, simulatedRelease, snapshot, write,
} from '../helpers/regen.js';
import { cleanupTempDirs, copyFixture, makeTempDir, runCli } from '../helpers/scaffold.js';

afterAll(() => cleanupTempDirs());

const T = { timeout: 300_000 };
const CONFIG_TS = 'src/ws/config.ts';
const HEARTBEAT_LINE = '  heartbeatMs: 30000,\n';
const NOTE = '// Our team: the limits below are reviewed every quarter.\n';

/** Inserts a line after the header comment (line 1): far from every config-driven line. */
function addNoteAfterHeader(dir: string, rel: string, note = NOTE): string {
  const text = read(dir, rel);
  const cut = text.indexOf('\n') + 1;
  const edited = text.slice(0, cut) + note + text.slice(cut);
  write(dir, rel, edited);
  return edited;
}

describe('generate merges a user edit with a config change', T, () => {
  it('untouched owned file + config change -> updated', async () => {
    const dir = await freshApp();
    const before = read(dir, CONFIG_TS);
    editConfig(dir, (c) => void (c.limits.heartbeatMs = 15000));
    const r = await cli(dir, ['generate']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(actions(r.report)[CONFIG_TS]).toBe('updated');
    expect(read(dir, CONFIG_TS)).toBe(before.replace(HEARTBEAT_LINE, '  heartbeatMs: 15000,\n'));
    expect(read(dir, `.ws-server/base/${CONFIG_TS}`)).toBe(read(dir, CONFIG_TS));
    await expectTypechecksAndTestsPass(dir, r.report);
  });

  it('an edit elsewhere in the same file -> merged, holding both changes byte for byte', async () => {
    const dir = await freshApp();
    const edited = addNoteAfterHeader(dir, CONFIG_TS);
    editConfig(dir, (c) => void (c.limits.heartbeatMs = 15000));
    const r = await cli(dir, ['generate']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(actions(r.report)[CONFIG_TS]).toBe('merged');
    expect(r.report.conflicts).toEqual([]);
    expect(read(dir, CONFIG_TS)).toBe(edited.replace(HEARTBEAT_LINE, '  heartbeatMs: 15000,\n'));
    // check: the user's edit survives generate unchanged, so it is not drift.
    const check = await cli(dir, ['check']);
    expect(check.exitCode, JSON.stringify(check.report.errors)).toBe(0);
    await expectTypechecksAndTestsPass(dir, r.report);
  });

  it('an overlapping edit -> conflict, exit 3, the user text intact inside the markers; still a conflict on the next run', async () => {
    const dir = await freshApp();
    const original = read(dir, CONFIG_TS);
    replaceIn(dir, CONFIG_TS, HEARTBEAT_LINE, '  heartbeatMs: 45000, // our proxy times out at 60 s\n');
    editConfig(dir, (c) => void (c.limits.heartbeatMs = 15000));
    const r = await cli(dir, ['generate']);
    expect(r.exitCode).toBe(3);
    expect(r.report.ok).toBe(false);
    expect(r.report.errors.map((e) => e.code)).toEqual(['CONFLICTS_LEFT']);
    expect(actions(r.report)[CONFIG_TS]).toBe('conflict');
    const marked = '<<<<<<< yours\n  heartbeatMs: 45000, // our proxy times out at 60 s\n=======\n  heartbeatMs: 15000,\n>>>>>>> generated\n';
    expect(read(dir, CONFIG_TS)).toBe(original.replace(HEARTBEAT_LINE, marked));
    const line = original.slice(0, original.indexOf(HEARTBEAT_LINE)).split('\n').length;
    expect(r.report.conflicts).toEqual([{ path: CONFIG_TS, hunks: [{ start: line, end: line + 4 }] }]);

    const before = snapshot(dir);
    const again = await cli(dir, ['generate']);
    expect(again.exitCode).toBe(3);
    expect(actions(again.report)[CONFIG_TS]).toBe('conflict');
    expect(changedPaths(before, snapshot(dir))).toEqual([]);
    expect((await cli(dir, ['check'])).exitCode).toBe(4);
  });

  for (const side of ['ours', 'theirs'] as const) {
    it(`an overlapping edit with --on-conflict ${side} -> that side, exit 0`, async () => {
      const dir = await freshApp();
      const original = read(dir, CONFIG_TS);
      const mine = replaceIn(dir, CONFIG_TS, HEARTBEAT_LINE, '  heartbeatMs: 45000, // our proxy times out at 60 s\n');
      editConfig(dir, (c) => void (c.limits.heartbeatMs = 15000));
      const r = await cli(dir, ['generate', '--on-conflict', side]);
      expect(r.exitCode, JSON.stringify(r.report.errors)).toBe(0);
      expect(r.report.conflicts).toEqual([]);
      expect(r.report.warnings.map((w) => w.code)).toContain('CONFLICT_RESOLVED');
      expect(read(dir, CONFIG_TS)).toBe(side === 'ours' ? mine : original.replace(HEARTBEAT_LINE, '  heartbeatMs: 15000,\n'));
      expect(read(dir, CONFIG_TS)).not.toMatch(/^(<{7}|>{7}|={7})/m);
      const next = await cli(dir, ['generate']);
      expect(next.exitCode).toBe(0);
      expect(actions(next.report)[CONFIG_TS]).toBe('unchanged');
      await expectTypechecksAndTestsPass(dir, r.report);
    });
  }

  it('a template change in a newer CLI release on a user-edited file -> merged against the stored base', async () => {
    const dir = await freshApp();
    const rel = 'src/ws/heartbeat.ts';
    const edited = addNoteAfterHeader(dir, rel, '// We log every terminated peer in production.\n');
    const added = "\n/** Added in release 9.9.9 of the templates. */\nexport const HEARTBEAT_TEMPLATE_RELEASE = '9.9.9';\n";
    const bin = simulatedRelease(makeTempDir('release'), '9.9.9', (templates) => {
      fs.appendFileSync(path.join(templates, 'ws', 'heartbeat.ts.hbs'), added);
    });
    const r = await cli(dir, ['generate'], { bin });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(actions(r.report)[rel]).toBe('merged');
    expect(read(dir, rel)).toBe(edited + added);
    expect(JSON.parse(read(dir, '.ws-server/manifest.json')).cliVersion).toBe('9.9.9');
    expect((await cli(dir, ['check'], { bin })).exitCode).toBe(0);
    // The old release sees a repo generated by another version of the templates.
    expect((await cli(dir, ['check'])).exitCode).toBe(4);
    await expectTypechecksAndTestsPass(dir, r.report);
  });
});

describe('formatting and bookkeeping', T, () => {
  it('a repo running Prettier with settings unlike ours: formatted files are not edits, generate writes nothing', async () => {
    const dir = copyFixture('express4-ts-cjs');
    const pkg = JSON.parse(read(dir, 'package.json'));
    pkg.devDependencies.prettier = '3.10.1';
    write(dir, 'package.json', `${JSON.stringify(pkg, null, 2)}\n`);
    write(dir, '.prettierrc', JSON.stringify({ useTabs: true, semi: false, singleQuote: false, printWidth: 100, trailingComma: 'all' }));
    linkDeclaredDeps(dir);
    const init = await cli(dir, ['init', '--yes', '--no-install']);
    expect(init.exitCode, init.stderr).toBe(0);
    expect(read(dir, 'src/ws/server.ts')).toMatch(/^\t/m); // tabs: the repo's style, not ours
    expect(read(dir, 'src/ws/server.ts')).not.toMatch(/;\n/);
    linkDeclaredDeps(dir);

    // The repo formats everything (as format-on-save would): nothing to change.
    const prettier = [process.execPath, path.join(dir, 'node_modules', 'prettier', 'bin', 'prettier.cjs')];
    const before = snapshot(dir);
    const fmt = await run(prettier[0]!, [prettier[1]!, '--write', 'src/ws', 'tests/ws'], { cwd: dir, timeoutMs: 60_000 });
    expect(fmt.exitCode, fmt.stderr).toBe(0);
    const afterFormat = snapshot(dir);
    const contentChanges = changedPaths(before, afterFormat).filter((p) => before.get(p.split(' ')[1]!)?.split(' ')[0] !== afterFormat.get(p.split(' ')[1]!)?.split(' ')[0]);
    expect(contentChanges).toEqual([]);

    const r = await cli(dir, ['generate']);
    expect(r.exitCode).toBe(0);
    expect(r.report.files.filter((f) => f.action !== 'unchanged')).toEqual([]);
    expect(changedPaths(afterFormat, snapshot(dir))).toEqual([]);
    await expectTypechecksAndTestsPass(dir, r.report);
  });

  it('a repo running Biome with settings unlike ours: formatted files are not edits; a config change is written in its format', async () => {
    const dir = copyFixture('express4-ts-cjs');
    const pkg = JSON.parse(read(dir, 'package.json'));
    pkg.devDependencies['@biomejs/biome'] = '2.6.8';
    write(dir, 'package.json', `${JSON.stringify(pkg, null, 2)}\n`);
    write(dir, 'biome.json', JSON.stringify({
      formatter: { indentStyle: 'tab', lineWidth: 100 },
      javascript: { formatter: { semicolons: 'asNeeded', quoteStyle: 'double' } },
    }));
    linkDeclaredDeps(dir);
    const biome = path.join(dir, 'node_modules', '.bin', 'biome');
    /** What the repo's Biome makes of a file's text (its own settings). */
    const biomeFormat = (rel: string, text: string): string =>
      execFileSync(biome, ['format', `--stdin-file-path=${rel}`], { cwd: dir, input: text, encoding: 'utf8', timeout: 60_000 });

    const init = await cli(dir, ['init', '--yes', '--no-install']);
    expect(init.exitCode, init.stderr).toBe(0);
    const server = read(dir, 'src/ws/server.ts');
    expect(server).toMatch(/^\t/m); // tabs, double quotes, no semicolons: the repo's style, not ours
    expect(server).not.toMatch(/;\n/);
    expect(server).toMatch(/^import .* from "/m);
    expect(biomeFormat('src/ws/server.ts', server)).toBe(server);
    linkDeclaredDeps(dir);

    // The repo formats everything (as format-on-save would): nothing to change.
    const before = snapshot(dir);
    const fmt = await run(biome, ['format', '--write', 'src/ws', 'tests/ws'], { cwd: dir, timeoutMs: 60_000 });
    expect(fmt.exitCode, fmt.stdout + fmt.stderr).toBe(0);
    const afterFormat = snapshot(dir);
    const contentChanges = changedPaths(before, afterFormat).filter((p) => before.get(p.split(' ')[1]!)?.split(' ')[0] !== afterFormat.get(p.split(' ')[1]!)?.split(' ')[0]);
    expect(contentChanges).toEqual([]);

    const same = await cli(dir, ['generate']);
    expect(same.exitCode, same.stderr).toBe(0);
    expect(same.report.files.filter((f) => f.action !== 'unchanged')).toEqual([]);
    expect(changedPaths(afterFormat, snapshot(dir))).toEqual([]);

    // A config change: the owned file is updated, in Biome's format, the changed line only.
    const config = read(dir, CONFIG_TS);
    expect(config).toContain('\theartbeatMs: 30000,\n');
    editConfig(dir, (c) => void (c.limits.heartbeatMs = 15000));
    const r = await cli(dir, ['generate']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(actions(r.report)[CONFIG_TS]).toBe('updated');
    expect(read(dir, CONFIG_TS)).toBe(config.replace('\theartbeatMs: 30000,\n', '\theartbeatMs: 15000,\n'));
    expect(biomeFormat(CONFIG_TS, read(dir, CONFIG_TS))).toBe(read(dir, CONFIG_TS));
    await expectTypechecksAndTestsPass(dir, r.report);
  });

  it('manifest deleted -> check exit 1; generate adopts identical files, leaves a differing one as a conflict; theirs replaces it', async () => {
    const dir = await freshApp();
    const rel = 'src/ws/rooms.ts';
    const rendered = read(dir, rel);
    const edited = addNoteAfterHeader(dir, rel, '// Rooms are cheap: one Map entry each.\n');
    fs.rmSync(path.join(dir, '.ws-server', 'manifest.json'));

    for (const cmd of ['check', 'diff']) {
      const r = await cli(dir, [cmd]);
      expect(r.exitCode).toBe(1);
      expect(r.report.errors[0]).toMatchObject({ code: 'MANIFEST_MISSING' });
      expect(r.report.errors[0]!.message).toContain('.ws-server/manifest.json is missing');
    }

    const r = await cli(dir, ['generate']);
    expect(r.exitCode).toBe(3);
    const acts = actions(r.report);
    expect(acts[rel]).toBe('conflict');
    expect(Object.entries(acts).filter(([p, a]) => p !== rel && a !== 'unchanged')).toEqual([]);
    expect(read(dir, rel)).toBe(edited); // left as it is: no markers, no base to merge against
    const manifest = JSON.parse(read(dir, '.ws-server/manifest.json'));
    expect(manifest.files['src/ws/server.ts']).toBeDefined();
    expect(manifest.files[rel]).toBeUndefined();

    const theirs = await cli(dir, ['generate', '--on-conflict', 'theirs']);
    expect(theirs.exitCode).toBe(0);
    expect(actions(theirs.report)[rel]).toBe('updated');
    expect(read(dir, rel)).toBe(rendered);
    await expectTypechecksAndTestsPass(dir, theirs.report);
  });

  it('a corrupt manifest -> check exit 1 MANIFEST_INVALID, nothing written', async () => {
    const dir = await freshApp();
    write(dir, '.ws-server/manifest.json', '{"manifestVersion": 1, "files": {"src/ws/server.ts": {"kind": "owned"}}}\n');
    const before = snapshot(dir);
    const r = await cli(dir, ['check']);
    expect(r.exitCode).toBe(1);
    expect(r.report.errors[0]!.code).toBe('MANIFEST_INVALID');
    expect(r.report.errors[0]!.message).toContain('"src/ws/server.ts"');
    expect(changedPaths(before, snapshot(dir))).toEqual([]);
  });

  it('crash mid-apply -> no truncated file, every file old or new, the old manifest still valid', async () => {
    const dir = await freshApp();
    editConfig(dir, (c) => {
      c.path = '/live';
      c.limits.heartbeatMs = 15000;
    });
    // The same change applied without a crash, on a copy: the "new" side.
    const twin = path.join(makeTempDir('twin'), 'app');
    fs.cpSync(dir, twin, { recursive: true });
    expect((await cli(twin, ['generate'])).exitCode).toBe(0);

    const files = (d: string): Map<string, string> => new Map([...snapshot(d).keys()].filter((p) => !p.endsWith('/')).map((p) => [p, read(d, p)]));
    const old = files(dir);
    let renames = 0;
    const crashing: WriterFs = { ...realFs, rename: async (from, to) => {
      if (++renames === 3) throw Object.assign(new Error('EIO: i/o error (injected crash)'), { code: 'EIO' });
      await realFs.rename(from, to);
    } };
    const version = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    const report = emptyReport('generate', false);
    const global = { cwd: dir, yes: true, json: true, dryRun: false, install: false, force: false, onConflict: 'markers' as const };
    const err = await scaffold('generate', global, {}, report, version, crashing).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'WRITE_FAILED' });
    expect(renames).toBeGreaterThanOrEqual(3);

    const now = files(dir);
    const fresh = files(twin);
    for (const [p, text] of now) expect([old.get(p), fresh.get(p)], p).toContain(text);
    expect([...now.keys()].filter((p) => p.endsWith('.tmp'))).toEqual([]);
    expect(now.get('.ws-server/manifest.json')).toBe(old.get('.ws-server/manifest.json'));
    expect(now).toEqual(old); // renamed files were put back

    // The old manifest still describes the tree: check sees only the config change, generate finishes the job.
    const check = await cli(dir, ['check']);
    expect(check.exitCode).toBe(4);
    const r = await cli(dir, ['generate']);
    expect(r.exitCode).toBe(0);
    expect(files(dir)).toEqual(fresh);
    await expectTypechecksAndTestsPass(dir, r.report);
  });
});

describe('diff', T, () => {
  it('prints the unified diff generate would apply (exit 4), and nothing once applied (exit 0)', async () => {
    const dir = await freshApp();
    editConfig(dir, (c) => void (c.limits.heartbeatMs = 15000));
    const before = snapshot(dir);
    const text = await runCli(['diff', '--cwd', dir], { cwd: path.dirname(dir) });
    expect(text.exitCode).toBe(4);
    expect(text.stdout).toContain(`--- a/${CONFIG_TS}\n+++ b/${CONFIG_TS}\n`);
    expect(text.stdout).toContain('\n-  heartbeatMs: 30000,\n+  heartbeatMs: 15000,\n');
    expect(text.stdout).not.toContain('.ws-server/');
    expect(changedPaths(before, snapshot(dir))).toEqual([]);
    const json = await cli(dir, ['diff']);
    expect(json.exitCode).toBe(4);
    expect(json.report.files).toEqual([{ path: CONFIG_TS, kind: 'owned', action: 'updated' }]);
    expect(json.stderr).toContain('+  heartbeatMs: 15000,');

    expect((await cli(dir, ['generate'])).exitCode).toBe(0);
    const after = await runCli(['diff', '--cwd', dir], { cwd: path.dirname(dir) });
    expect(after.exitCode).toBe(0);
    expect(after.stdout).not.toContain('---');
  });
});
