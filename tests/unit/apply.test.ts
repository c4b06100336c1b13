import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apply } from '../../src/apply/index.js';
import type { ApplyOptions } from '../../src/apply/index.js';
import { realFs } from '../../src/apply/atomic.js';
import type { WriterFs } from '../../src/apply/atomic.js';
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

  it('updates an untouched owned file and never loses an edited one', async () => {
    await apply(facts(), config, plan(), opts({ command: 'init' }));
    const updated = await apply(facts(), config, plan('export const v = 2;\n'), opts());
    expect(updated.files[0]!.action).toBe('updated');
    expect(read('src/ws/server.ts')).toBe('export const v = 2;\n');

    write('src/ws/server.ts', 'export const v = 2; // mine\n');
    const conflicted = await apply(facts(), config, plan('export const v = 3;\n'), opts());
    expect(conflicted.files[0]!.action).toBe('conflict');
    expect(conflicted.conflicts).toEqual([{ path: 'src/ws/server.ts', hunks: [{ start: 1, end: 5 }] }]);
    expect(read('src/ws/server.ts')).toBe('<<<<<<< yours\nexport const v = 2; // mine\n=======\nexport const v = 3;\n>>>>>>> generated\n');
    // The base moves to the new render: once resolved, the user's text is an edit on top of it.
    expect(read('.ws-server/base/src/ws/server.ts')).toBe('export const v = 3;\n');

    const theirs = await apply(facts(), config, plan('export const v = 3;\n'), opts({ onConflict: 'theirs' }));
    expect(theirs.files[0]!.action).toBe('merged');
    expect(read('src/ws/server.ts')).toBe('export const v = 3;\n');
  });

  it('merges an edit and a new render that touch different lines', async () => {
    const v1 = 'const a = 1;\nconst b = 2;\nconst c = 3;\nconst d = 4;\nconst e = 5;\n';
    await apply(facts(), config, plan(v1), opts({ command: 'init' }));
    write('src/ws/server.ts', v1.replace('const a = 1;', 'const a = 100; // mine'));
    const result = await apply(facts(), config, plan(v1.replace('const e = 5;', 'const e = 50;')), opts());
    expect(result.files[0]!.action).toBe('merged');
    expect(result.conflicts).toEqual([]);
    expect(read('src/ws/server.ts')).toBe('const a = 100; // mine\nconst b = 2;\nconst c = 3;\nconst d = 4;\nconst e = 50;\n');
    expect(read('.ws-server/base/src/ws/server.ts')).toBe(v1.replace('const e = 5;', 'const e = 50;'));
    // The same render again: the user's edit survives, nothing is written.
    const before = treeHash();
    const again = await apply(facts(), config, plan(v1.replace('const e = 5;', 'const e = 50;')), opts());
    expect(again.files[0]!.action).toBe('unchanged');
    expect(again.changed).toBe(false);
    expect(treeHash()).toBe(before);
  });

  it('keeps a file that still holds conflict markers a conflict, and never writes over it', async () => {
    await apply(facts(), config, plan('x = 1\n'), opts({ command: 'init' }));
    write('src/ws/server.ts', 'x = 2\n');
    await apply(facts(), config, plan('x = 3\n'), opts());
    const marked = read('src/ws/server.ts');
    const before = treeHash();
    const again = await apply(facts(), config, plan('x = 3\n'), opts());
    expect(again.files[0]!.action).toBe('conflict');
    expect(again.conflicts[0]!.hunks).toEqual([{ start: 1, end: 5 }]);
    expect(read('src/ws/server.ts')).toBe(marked);
    expect(treeHash()).toBe(before);
    // The user resolves the markers by hand: the resolution is their edit, kept as it is.
    write('src/ws/server.ts', 'x = 2 + 1\n');
    const resolved = await apply(facts(), config, plan('x = 3\n'), opts());
    expect(resolved.files[0]!.action).toBe('unchanged');
    expect(read('src/ws/server.ts')).toBe('x = 2 + 1\n');
  });

  it('--on-conflict ours keeps the user side of overlapping hunks and merges the rest', async () => {
    const v1 = 'a\nb\nc\nd\ne\nf\n';
    await apply(facts(), config, plan(v1), opts({ command: 'init' }));
    write('src/ws/server.ts', 'a\nB-mine\nc\nd\ne\nf\n');
    const result = await apply(facts(), config, plan('a\nB-new\nc\nd\ne\nF-new\n'), opts({ onConflict: 'ours' }));
    expect(result.files[0]!.action).toBe('merged');
    expect(result.conflicts).toEqual([]);
    expect(result.warnings.map((w) => w.code)).toContain('CONFLICT_RESOLVED');
    expect(read('src/ws/server.ts')).toBe('a\nB-mine\nc\nd\ne\nF-new\n');
  });

  it('without a manifest: adopts identical files, leaves differing ones as conflicts, replaces them only with theirs', async () => {
    await apply(facts(), config, plan('x = 1\n'), opts({ command: 'init' }));
    rmSync(path.join(root, '.ws-server'), { recursive: true });
    const adopted = await apply(facts(), config, plan('x = 1\n'), opts());
    expect(adopted.files[0]!.action).toBe('unchanged');
    expect(read('.ws-server/base/src/ws/server.ts')).toBe('x = 1\n');

    rmSync(path.join(root, '.ws-server'), { recursive: true });
    write('src/ws/server.ts', 'x = 1 // mine\n');
    const conflicted = await apply(facts(), config, plan('x = 1\n'), opts());
    expect(conflicted.files[0]!.action).toBe('conflict');
    expect(read('src/ws/server.ts')).toBe('x = 1 // mine\n');
    expect(JSON.parse(read('.ws-server/manifest.json')).files['src/ws/server.ts']).toBeUndefined();

    const theirs = await apply(facts(), config, plan('x = 1\n'), opts({ onConflict: 'theirs' }));
    expect(theirs.files[0]!.action).toBe('updated');
    expect(read('src/ws/server.ts')).toBe('x = 1\n');
  });

  it('formats every generated file with the injected formatter before comparing and storing the base', async () => {
    const format = async (_rel: string, text: string): Promise<string> => text.replace(/;/g, '');
    await apply(facts(), config, plan(), opts({ command: 'init', format }));
    expect(read('src/ws/server.ts')).toBe('export const v = 1\n');
    expect(read('.ws-server/base/src/ws/server.ts')).toBe('export const v = 1\n');
    expect(read('src/ws/handlers/echo.ts')).toBe('export const echo = 1\n');
    const before = treeHash();
    const again = await apply(facts(), config, plan(), opts({ format }));
    expect(again.files.map((f) => f.action)).toEqual(['unchanged', 'unchanged']);
    expect(treeHash()).toBe(before);
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

  for (const failAt of [1, 3, 5]) {
    it(`a crash at rename #${failAt} leaves every file whole (old or new) and the old manifest in force`, async () => {
      const owned = (n: number, v: number) => ({ path: `src/ws/f${n}.ts`, kind: 'owned' as const, content: `export const f${n} = ${v};\n`.repeat(50) });
      await apply(facts(), config, plan('export const v = 1;\n', [1, 2, 3, 4].map((n) => owned(n, 1))), opts({ command: 'init' }));
      const manifestBefore = read('.ws-server/manifest.json');
      const old = new Map(['src/ws/server.ts', 'src/ws/f1.ts', 'src/ws/f2.ts', 'src/ws/f3.ts', 'src/ws/f4.ts'].map((f) => [f, read(f)]));
      let renames = 0;
      const failing: WriterFs = { ...realFs, rename: async (from, to) => {
        renames++;
        if (renames === failAt) throw Object.assign(new Error('ENOSPC: no space left on device (injected)'), { code: 'ENOSPC' });
        await realFs.rename(from, to);
      } };
      const next = plan('export const v = 2;\n', [1, 2, 3, 4].map((n) => owned(n, 2)));
      const err = await apply(facts(), config, next, opts({ fs: failing })).catch((e: unknown) => e);
      expect((err as CliError).code).toBe('WRITE_FAILED');
      expect(read('.ws-server/manifest.json')).toBe(manifestBefore);
      const wanted = new Map(next.files.map((f) => [f.path, f.content]));
      for (const [file, before] of old) expect([before, wanted.get(file)]).toContain(read(file));
      // Renamed files were put back: the old manifest describes the tree exactly.
      for (const [file, before] of old) expect(read(file)).toBe(before);
      const leftovers = readdirSync(root, { recursive: true }).map(String).filter((n) => n.endsWith('.tmp'));
      expect(leftovers).toEqual([]);
      // And the next run picks up where it left off.
      const retry = await apply(facts(), config, next, opts());
      expect(retry.files.filter((f) => f.kind === 'owned').map((f) => f.action)).toEqual(['updated', 'updated', 'updated', 'updated', 'updated']);
    });
  }

  it('a crash while staging (a temp file half written) leaves the tree exactly as it was', async () => {
    await apply(facts(), config, plan(), opts({ command: 'init' }));
    const before = treeHash();
    let writes = 0;
    const failing: WriterFs = { ...realFs, writeFile: async (file, data, o) => {
      if (++writes === 2) {
        await realFs.writeFile(file, data.slice(0, 3), o); // a truncated temp file, then the crash
        throw new Error('EIO (injected)');
      }
      await realFs.writeFile(file, data, o);
    } };
    const err = await apply(facts(), config, plan('export const v = 2;\n'), opts({ fs: failing })).catch((e: unknown) => e);
    expect((err as CliError).code).toBe('WRITE_FAILED');
    expect(treeHash()).toBe(before);
  });

  it('repairs the wiring only when no attach call is reachable from the entry', async () => {
    write('src/index.ts', "import { startWs } from './boot';\nimport http from 'node:http';\nconst server = http.createServer();\nserver.listen(3000);\nstartWs(server);\n");
    write('src/boot.ts', "import { attachWebSocketServer } from './ws/server';\nexport function startWs(s: unknown) { attachWebSocketServer(s as never); }\n");
    const f = { ...facts(), serverSite: { file: 'src/index.ts', line: 3, kind: 'create-server' as const, text: 'http.createServer()' } };
    const p = { ...plan(), wiring: { file: 'src/index.ts', importSpecifier: './ws/server', style: 'import' as const } };
    const kept = await apply(f, config, p, opts({ command: 'init' }));
    expect(kept.wiring).toEqual({ file: 'src/index.ts', action: 'unchanged' });
    expect(read('src/index.ts')).not.toContain('attachWebSocketServer');

    write('src/boot.ts', 'export function startWs(_s: unknown) {}\n');
    const repaired = await apply(f, config, p, opts());
    expect(repaired.wiring).toEqual({ file: 'src/index.ts', action: 'added' });
    expect(read('src/index.ts').match(/attachWebSocketServer\(/g)).toHaveLength(1);
    const again = await apply(f, config, p, opts());
    expect(again.wiring?.action).toBe('unchanged');
  });

  it('reports a corrupt manifest as MANIFEST_INVALID', async () => {
    await apply(facts(), config, plan(), opts({ command: 'init' }));
    write('.ws-server/manifest.json', '{ "manifestVersion": 1, "files": ');
    await expect(apply(facts(), config, plan(), opts())).rejects.toMatchObject({ code: 'MANIFEST_INVALID' });
  });
});
