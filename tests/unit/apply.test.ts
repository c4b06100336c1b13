import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apply } from '../../src/apply/index.js';
import type { ApplyOptions } from '../../src/apply/index.js';
import { validateConfig } from '../../src/config/load.js';
import { CliError } from '../../src/errors.js';
import type { Plan, RepoFacts } from '../../src/types.js';

let root: string;
const config = validateConfig({});

function facts(): RepoFacts {
  return {
    appRoot: root,
    packageJson: { name: 'app', type: null, main: null, scripts: {}, dependencies: {}, devDependencies: {} },
    framework: { name: 'express', version: '4.22.3' },
    entry: 'src/index.ts',
    serverSite: null,
    moduleSystem: 'cjs',
    language: 'ts',
    typescript: { version: '5.9.3' },
    tsconfig: null,
    packageManager: 'npm',
    testRunner: 'node:test',
    existingWebSocket: [],
    formatter: null,
    eol: '\n',
    inspected: [],
  };
}

function plan(server = 'export const v = 1;\n', extra: Plan['files'] = []): Plan {
  return {
    files: [
      { path: 'src/ws/server.ts', kind: 'owned', content: server },
      { path: 'src/ws/handlers/echo.ts', kind: 'seeded', content: 'export const echo = 1;\n' },
      ...extra,
    ],
    dependencies: [{ name: 'ws', range: '^8.23.0', dev: false }],
    scripts: { 'test:ws': 'node --test' },
    wiring: null,
    nextSteps: [],
  };
}

const opts = (over: Partial<ApplyOptions> = {}): ApplyOptions => ({
  command: 'generate', dryRun: false, force: false, onConflict: 'markers', cliVersion: '0.0.0', templateVersion: '1', configJsonSchema: '{}\n', ...over,
});

const read = (rel: string): string => readFileSync(path.join(root, rel), 'utf8');
const write = (rel: string, text: string): void => {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), text);
};

/** Hash of every file in the tree (path + bytes + mtime), to prove nothing was touched. */
function treeHash(dir = root): string {
  const hash = createHash('sha256');
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = path.join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else hash.update(`${path.relative(dir, p)}\0${st.mtimeMs}\0`).update(readFileSync(p));
    }
  };
  walk(dir);
  return hash.digest('hex');
}

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'apply-'));
  write('package.json', '{\n  "name": "app"\n}\n');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('apply', () => {
  it('creates files, records them in the manifest with their base, and declares dependencies', async () => {
    const result = await apply(facts(), config, plan(), opts({ command: 'init' }));
    expect(result.files).toEqual([
      { path: 'src/ws/server.ts', kind: 'owned', action: 'created' },
      { path: 'src/ws/handlers/echo.ts', kind: 'seeded', action: 'created' },
    ]);
    expect(read('src/ws/server.ts')).toBe('export const v = 1;\n');
    expect(read('.ws-server/base/src/ws/server.ts')).toBe('export const v = 1;\n');
    const manifest = JSON.parse(read('.ws-server/manifest.json'));
    expect(Object.keys(manifest.files)).toEqual(['src/ws/handlers/echo.ts', 'src/ws/server.ts']);
    expect(JSON.parse(read('package.json')).dependencies).toEqual({ ws: '^8.23.0' });
    expect(JSON.parse(read('ws-server.config.json')).$schema).toBe('./.ws-server/schema.json');
  });

  it('writes nothing at all on a second run with the same plan', async () => {
    await apply(facts(), config, plan(), opts({ command: 'init' }));
    const before = treeHash();
    const result = await apply(facts(), config, plan(), opts());
    expect(result.changed).toBe(false);
    expect(result.files.every((f) => f.action === 'unchanged')).toBe(true);
    expect(treeHash()).toBe(before);
  });

  it('updates an untouched owned file and never touches an edited one', async () => {
    await apply(facts(), config, plan(), opts({ command: 'init' }));
    const updated = await apply(facts(), config, plan('export const v = 2;\n'), opts());
    expect(updated.files[0]!.action).toBe('updated');
    expect(read('src/ws/server.ts')).toBe('export const v = 2;\n');

    write('src/ws/server.ts', 'export const v = 2; // mine\n');
    const conflicted = await apply(facts(), config, plan('export const v = 3;\n'), opts());
    expect(conflicted.files[0]!.action).toBe('conflict');
    expect(conflicted.conflicts.map((c) => c.path)).toEqual(['src/ws/server.ts']);
    expect(read('src/ws/server.ts')).toBe('export const v = 2; // mine\n');
    expect(read('.ws-server/base/src/ws/server.ts')).toBe('export const v = 2;\n'); // the base stays until resolved

    const theirs = await apply(facts(), config, plan('export const v = 3;\n'), opts({ onConflict: 'theirs' }));
    expect(theirs.files[0]!.action).toBe('updated');
    expect(read('src/ws/server.ts')).toBe('export const v = 3;\n');
  });

  it('never rewrites a seeded file', async () => {
    await apply(facts(), config, plan(), opts({ command: 'init' }));
    write('src/ws/handlers/echo.ts', 'export const echo = "mine";\n');
    const result = await apply(facts(), config, plan(), opts({ onConflict: 'theirs' }));
    expect(result.files[1]).toEqual({ path: 'src/ws/handlers/echo.ts', kind: 'seeded', action: 'skipped' });
    expect(read('src/ws/handlers/echo.ts')).toBe('export const echo = "mine";\n');
  });

  it('refuses to write over a file it did not generate, unless forced', async () => {
    write('src/ws/server.ts', 'my own server\n');
    const before = treeHash();
    await expect(apply(facts(), config, plan(), opts({ command: 'init' }))).rejects.toMatchObject({ code: 'PATH_TAKEN' });
    expect(treeHash()).toBe(before);
    const forced = await apply(facts(), config, plan(), opts({ command: 'init', force: true }));
    expect(forced.files[0]!.action).toBe('updated');
  });

  it('removes files no longer planned only when untouched', async () => {
    const adapter = { path: 'src/ws/adapters/redis.ts', kind: 'owned' as const, content: 'redis\n' };
    const rooms = { path: 'src/ws/rooms.ts', kind: 'owned' as const, content: 'rooms\n' };
    await apply(facts(), config, plan(undefined, [adapter, rooms]), opts({ command: 'init' }));
    write('src/ws/rooms.ts', 'rooms, edited\n');
    const result = await apply(facts(), config, plan(), opts());
    expect(result.files).toContainEqual({ path: 'src/ws/adapters/redis.ts', kind: 'owned', action: 'removed' });
    expect(result.files).toContainEqual({ path: 'src/ws/rooms.ts', kind: 'owned', action: 'skipped' });
    expect(result.warnings.map((w) => w.code)).toContain('KEPT_EDITED');
    expect(() => read('src/ws/adapters/redis.ts')).toThrow();
    expect(read('src/ws/rooms.ts')).toBe('rooms, edited\n');
  });

  it('writes nothing in a dry run but reports what it would do', async () => {
    const before = treeHash();
    const result = await apply(facts(), config, plan(), opts({ command: 'init', dryRun: true }));
    expect(result.files[0]!.action).toBe('created');
    expect(result.changed).toBe(true);
    expect(treeHash()).toBe(before);
  });

  it('leaves every file old or new when a write fails midway, and the old manifest in force', async () => {
    await apply(facts(), config, plan(), opts({ command: 'init' }));
    const before = treeHash();
    write('src/ws/blocker', 'a file where a directory is needed\n');
    const blocked = { path: 'src/ws/blocker/inner.ts', kind: 'owned' as const, content: 'x\n' };
    const err = await apply(facts(), config, plan('export const v = 2;\n', [blocked]), opts()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).code).toBe('WRITE_FAILED');
    rmSync(path.join(root, 'src/ws/blocker'));
    expect(treeHash()).toBe(before);
    expect(readdirSync(path.join(root, 'src/ws')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
