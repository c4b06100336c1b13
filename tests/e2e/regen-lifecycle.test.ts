// Regeneration after config changes, invalid and older configs, dry runs, and remove: each scenario
// starts from a fresh scaffold of a real fixture app (express4-ts-cjs), runs the BUILT cli, asserts
// exact file contents, and, when it ends without a conflict, proves the app still type-checks and its
// generated tests pass.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { linkDeclaredDeps } from '../helpers/link.js';
import {
  actions, changedPaths, cli, editConfig, expectTypechecksAndTestsPass, freshApp, read, exists, replaceIn, snapshot, write,
} from '../helpers/regen.js';
import { cleanupTempDirs, copyFixture } from '../helpers/scaffold.js';

afterAll(() => cleanupTempDirs());

const T = { timeout: 300_000 };
const REDIS_FILES = ['src/ws/adapters/redis.ts', 'tests/ws/redis.test.ts'];

describe('config changes', T, () => {
  it('generate right after init is a no-op: everything unchanged, no file written (mtimes too)', async () => {
    const dir = await freshApp();
    const before = snapshot(dir);
    const r = await cli(dir, ['generate']);
    expect(r.exitCode).toBe(0);
    expect(r.report.files.length).toBeGreaterThan(10);
    expect(r.report.files.filter((f) => f.action !== 'unchanged')).toEqual([]);
    expect(r.report.wiring).toEqual({ file: 'src/index.ts', action: 'unchanged' });
    expect(changedPaths(before, snapshot(dir))).toEqual([]);
    expect((await cli(dir, ['check'])).exitCode).toBe(0);
    await expectTypechecksAndTestsPass(dir, r.report);
  });

  it('path and heartbeat changes reach the server config, the client and the generated tests', async () => {
    const dir = await freshApp();
    const config = read(dir, 'src/ws/config.ts');
    const helpers = read(dir, 'tests/ws/helpers.ts');
    const client = read(dir, 'src/ws/client.ts');
    expect(client).toContain("export const WS_PATH = '/ws';\n");
    editConfig(dir, (c) => {
      c.path = '/live/socket';
      c.limits.heartbeatMs = 12_000;
    });
    const r = await cli(dir, ['generate']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(actions(r.report)).toMatchObject({
      'src/ws/config.ts': 'updated',
      'tests/ws/helpers.ts': 'updated',
      'src/ws/client.ts': 'updated',
    });
    expect(read(dir, 'src/ws/config.ts')).toBe(config.replace("  path: '/ws',\n", "  path: '/live/socket',\n").replace('  heartbeatMs: 30000,\n', '  heartbeatMs: 12000,\n'));
    expect(read(dir, 'tests/ws/helpers.ts')).toBe(helpers.replace("export const PATH = '/ws';", "export const PATH = '/live/socket';"));
    // The client's default URL (in a browser) follows the path; it has no heartbeat setting: the server pings
    // and browsers and `ws` answer pings by themselves, so the heartbeat change leaves the client as it was.
    expect(read(dir, 'src/ws/client.ts')).toBe(client.replace("export const WS_PATH = '/ws';", "export const WS_PATH = '/live/socket';"));
    // The generated tests connect on the new path: they pass only if the server listens there.
    await expectTypechecksAndTestsPass(dir, r.report);
  });

  it('Redis on, then off, without edits: its adapter and tests come and go, test:ws follows', async () => {
    const dir = await freshApp();
    editConfig(dir, (c) => void (c.redis = true));
    const on = await cli(dir, ['generate']);
    expect(on.exitCode, on.stderr).toBe(0);
    for (const f of REDIS_FILES) expect(actions(on.report)[f]).toBe('created');
    expect(on.report.dependencies.added.map((d) => d.name)).toEqual(['ioredis']);
    expect(JSON.parse(read(dir, 'package.json')).scripts['test:ws']).toContain('tests/ws/redis.test.ts');
    await expectTypechecksAndTestsPass(dir, on.report);

    editConfig(dir, (c) => void (c.redis = false));
    const off = await cli(dir, ['generate']);
    expect(off.exitCode, off.stderr).toBe(0);
    for (const f of REDIS_FILES) {
      expect(actions(off.report)[f]).toBe('removed');
      expect(exists(dir, f)).toBe(false);
      expect(exists(dir, `.ws-server/base/${f}`)).toBe(false);
    }
    expect(JSON.parse(read(dir, 'package.json')).scripts['test:ws']).not.toContain('redis');
    await expectTypechecksAndTestsPass(dir, off.report);
  });

  it('Redis on, the adapter edited, then off: the edited adapter stays with a warning', async () => {
    const dir = await freshApp();
    editConfig(dir, (c) => void (c.redis = true));
    expect((await cli(dir, ['generate'])).exitCode).toBe(0);
    const edited = replaceIn(dir, 'src/ws/adapters/redis.ts', /\n/, '\n// Tuned for our Redis cluster.\n');
    editConfig(dir, (c) => void (c.redis = false));
    const off = await cli(dir, ['generate']);
    expect(off.exitCode, off.stderr).toBe(0);
    expect(actions(off.report)).toMatchObject({ 'src/ws/adapters/redis.ts': 'skipped', 'tests/ws/redis.test.ts': 'removed' });
    expect(off.report.warnings.find((w) => w.code === 'KEPT_EDITED')?.message).toContain('src/ws/adapters/redis.ts');
    expect(read(dir, 'src/ws/adapters/redis.ts')).toBe(edited);
    expect(JSON.parse(read(dir, '.ws-server/manifest.json')).files['src/ws/adapters/redis.ts']).toBeUndefined();
    await expectTypechecksAndTestsPass(dir, off.report);
  });

  it('a seeded handler edited, then generate -> untouched; a handler added in the config -> created and registered', async () => {
    const dir = await freshApp();
    const echo = replaceIn(dir, 'src/ws/handlers/echo.ts', /\n/, '\n// Echo, but ours now.\n');
    const registry = read(dir, 'src/ws/handlers/registry.ts');
    const same = await cli(dir, ['generate']);
    expect(same.exitCode).toBe(0);
    expect(actions(same.report)['src/ws/handlers/echo.ts']).toBe('skipped');
    expect(read(dir, 'src/ws/handlers/echo.ts')).toBe(echo);

    editConfig(dir, (c) => void (c.handlers = ['echo', 'chat-message']));
    const r = await cli(dir, ['generate']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(actions(r.report)).toMatchObject({
      'src/ws/handlers/echo.ts': 'skipped',
      'src/ws/handlers/chat-message.ts': 'created',
      'src/ws/handlers/registry.ts': 'updated',
    });
    expect(read(dir, 'src/ws/handlers/echo.ts')).toBe(echo);
    expect(read(dir, 'src/ws/handlers/chat-message.ts')).toMatch(/^\/\/ Generated once by create-ws-server: this file is yours/);
    const nowRegistry = read(dir, 'src/ws/handlers/registry.ts');
    expect(nowRegistry).not.toBe(registry);
    expect(nowRegistry).toContain("import { chatMessageHandler } from './chat-message';");
    expect(nowRegistry).toMatch(/\['chat-message', chatMessageHandler\]/);
    await expectTypechecksAndTestsPass(dir, r.report);
  });
});

describe('invalid and older configs', T, () => {
  const cases: [string, (dir: string) => void, RegExp][] = [
    ['a wrong type', (dir) => editConfig(dir, (c) => void (c.redis = 'yes')), /field "redis": expected boolean, found "yes"/],
    ['an unknown key', (dir) => editConfig(dir, (c) => void (c.heartbeat = 1000)), /unknown key "heartbeat"/],
    ['a misspelt key', (dir) => editConfig(dir, (c) => void (c.redsi = true)), /unknown key "redsi" \(did you mean "redis"\?\)/],
    ['bad JSON', (dir) => fs.appendFileSync(path.join(dir, 'ws-server.config.json'), ',\n'), /not valid JSON: line \d+, column \d+/],
  ];
  for (const [what, breakIt, message] of cases) {
    it(`${what} -> CONFIG_INVALID naming it, exit 1, tree unchanged`, async () => {
      const dir = await freshApp();
      breakIt(dir);
      const before = snapshot(dir);
      for (const cmd of ['generate', 'check']) {
        const r = await cli(dir, [cmd]);
        expect(r.exitCode).toBe(1);
        expect(r.report.errors[0]!.code).toBe('CONFIG_INVALID');
        expect(r.report.errors[0]!.message).toMatch(message);
      }
      expect(changedPaths(before, snapshot(dir))).toEqual([]);
    });
  }

  it('an old config version -> migrated: check/--dry-run leave it, generate writes it back', async () => {
    const dir = await freshApp();
    editConfig(dir, (c) => {
      c.version = 0;
      c.wsPath = '/v0';
      delete c.path;
      c.heartbeatMs = 20000;
      delete c.limits.heartbeatMs;
      c.adapter = 'memory';
      delete c.redis;
    });
    const before = snapshot(dir);
    const check = await cli(dir, ['check']);
    expect(check.exitCode).toBe(4);
    expect(check.report.warnings.map((w) => w.code)).toContain('CONFIG_MIGRATED');
    const dry = await cli(dir, ['generate', '--dry-run']);
    expect(dry.exitCode).toBe(0);
    expect(changedPaths(before, snapshot(dir))).toEqual([]);

    const r = await cli(dir, ['generate']);
    expect(r.exitCode, r.stderr).toBe(0);
    const cfg = JSON.parse(read(dir, 'ws-server.config.json'));
    expect(cfg).toMatchObject({ version: 1, path: '/v0', redis: false, limits: { heartbeatMs: 20000 } });
    expect(cfg.wsPath).toBeUndefined();
    expect(read(dir, 'src/ws/config.ts')).toContain("  path: '/v0',\n");
    expect(read(dir, 'src/ws/config.ts')).toContain('  heartbeatMs: 20000,\n');
    const again = await cli(dir, ['check']);
    expect(again.exitCode).toBe(0);
    expect(again.report.warnings.map((w) => w.code)).not.toContain('CONFIG_MIGRATED');
    await expectTypechecksAndTestsPass(dir, r.report);
  });
});

describe('--dry-run and remove', T, () => {
  it('--dry-run on every command writes nothing: the whole tree, package.json, lockfile and node_modules hash the same', async () => {
    const dir = await freshApp();
    write(dir, 'package-lock.json', `${JSON.stringify({ name: 'orders-api', lockfileVersion: 3, requires: true, packages: {} }, null, 2)}\n`);
    linkDeclaredDeps(dir);
    editConfig(dir, (c) => {
      c.redis = true;
      c.path = '/changed';
    });
    replaceIn(dir, 'src/ws/rooms.ts', /\n/, '\n// edited\n');
    const before = snapshot(dir);
    for (const args of [['init', '--yes'], ['generate'], ['generate', '--on-conflict', 'theirs'], ['diff'], ['check'], ['remove'], ['doctor']]) {
      const r = await cli(dir, [...args, '--dry-run']);
      expect(r.report.dryRun, args.join(' ')).toBe(true);
      expect(r.exitCode === 0 || r.exitCode === 4, `${args.join(' ')}: exit ${r.exitCode} ${JSON.stringify(r.report.errors)}`).toBe(true);
      expect(changedPaths(before, snapshot(dir)), `${args.join(' ')} --dry-run wrote`).toEqual([]);
    }
    const gen = await cli(dir, ['generate', '--dry-run']);
    expect(actions(gen.report)).toMatchObject({ 'src/ws/adapters/redis.ts': 'created', 'src/ws/rooms.ts': 'unchanged', 'src/ws/config.ts': 'updated' });
  });

  it('remove keeps edited files (listed), deletes the rest, unwires, config and manifest last; then init scaffolds cleanly again', async () => {
    const pristine = copyFixture('express4-ts-cjs');
    const dir = await freshApp();
    const firstInit = snapshot(dir);
    const kept = replaceIn(dir, 'src/ws/rooms.ts', /\n/, '\n// Our rooms.\n');

    const dry = await cli(dir, ['remove', '--dry-run']);
    const before = snapshot(dir);
    expect(dry.exitCode).toBe(0);
    const r = await cli(dir, ['remove']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.report.files).toEqual(dry.report.files);
    expect(changedPaths(before, snapshot(dir)).length).toBeGreaterThan(0);
    expect(actions(r.report)['src/ws/rooms.ts']).toBe('skipped');
    expect(r.report.warnings.find((w) => w.code === 'KEPT_EDITED')?.message).toContain('src/ws/rooms.ts');
    expect(r.report.files.filter((f) => f.path !== 'src/ws/rooms.ts').every((f) => f.action === 'removed')).toBe(true);
    expect(r.report.wiring).toEqual({ file: 'src/index.ts', action: 'removed' });
    expect(read(dir, 'src/index.ts')).toBe(read(pristine, 'src/index.ts'));
    expect(read(dir, 'src/ws/rooms.ts')).toBe(kept);
    for (const gone of ['ws-server.config.json', '.ws-server', 'tests/ws', 'src/ws/server.ts', 'src/ws/handlers']) expect(exists(dir, gone), gone).toBe(false);

    // The kept file is the user's to delete; then init gives the same scaffold as the first one.
    fs.rmSync(path.join(dir, 'src/ws'), { recursive: true });
    const again = await cli(dir, ['init', '--yes', '--no-install']);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.report.files.every((f) => f.action === 'created')).toBe(true);
    const contents = (snap: Map<string, string>): Map<string, string> => new Map([...snap].map(([p, h]) => [p, h.split(' ')[0]!]));
    expect(contents(snapshot(dir))).toEqual(contents(firstInit));
    await expectTypechecksAndTestsPass(dir, again.report);
  });

  it('remove without a manifest -> exit 1 MANIFEST_MISSING, nothing removed', async () => {
    const dir = await freshApp();
    fs.rmSync(path.join(dir, '.ws-server', 'manifest.json'));
    const before = snapshot(dir);
    const r = await cli(dir, ['remove']);
    expect(r.exitCode).toBe(1);
    expect(r.report.errors[0]!.code).toBe('MANIFEST_MISSING');
    expect(changedPaths(before, snapshot(dir))).toEqual([]);
  });

  it('a dirty git working tree is a warning, never a refusal', async () => {
    const dir = await freshApp();
    const git = (...args: string[]): Buffer => execFileSync('git', args, { cwd: dir, stdio: 'pipe', timeout: 30_000 });
    git('init', '-q');
    git('add', '.');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'scaffold');
    expect((await cli(dir, ['generate'])).report.warnings.map((w) => w.code)).not.toContain('DIRTY_WORKTREE');
    editConfig(dir, (c) => void (c.limits.heartbeatMs = 15000));
    const r = await cli(dir, ['generate']);
    expect(r.exitCode).toBe(0);
    expect(r.report.warnings.map((w) => w.code)).toContain('DIRTY_WORKTREE');
    expect(actions(r.report)['src/ws/config.ts']).toBe('updated');
  });
});
