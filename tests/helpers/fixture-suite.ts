// The end-to-end checks every fixture app goes through: scaffold once with the built CLI, then
// install only what package.json declares, type-check, build, run the generated tests, boot the
// app under plain node and talk to it with real ws clients, and finally re-run init (no change).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/types.js';
import { bootApp, getJson, stopAllApps, type RunningApp } from './boot.js';
import type { FixtureSpec } from './fixtures.js';
import { tscArgv } from './fixtures.js';
import { expectGeneratedJsTypeChecks } from './check-js.js';
import { bareImports } from './imports.js';
import { FIXTURES } from './paths.js';
import { linkDeclaredDeps } from './link.js';
import { describeRun, expectSuccess, run, type RunResult } from './proc.js';
import { assertReport } from './report.js';
import { cleanupTempDirs, INIT_ARGS, runCli, scaffoldFixture, type Scaffolded } from './scaffold.js';
import { signToken, unsignedToken } from './jwt.js';
import { connectClient, describeHandshake, openSocket, type TestClient } from './ws-client.js';
import { diffTrees, hashTree } from './tree.js';

export const HOOK_TIMEOUT = 180_000;
export const HEARTBEAT_MS = 300;

/** Memoise an async step: later callers share its result (or its failure). */
export function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= fn());
}

export interface FixtureContext {
  spec: FixtureSpec;
  secret: string;
  /** The scaffolded copy (after the first init). */
  scaffold: () => Promise<Scaffolded>;
  /** node_modules holding only the declared deps. */
  link: () => Promise<void>;
  /** `tsc` build (TS) — a no-op for JS fixtures. */
  build: () => Promise<void>;
  /** The app running under plain node with WS_JWT_SECRET and WS_HEARTBEAT_MS set. */
  boot: () => Promise<RunningApp>;
  /** The WebSocket path from ws-server.config.json (default /ws). */
  wsPath: () => string;
  token: (sub: string, opts?: { expiresIn?: string | number }) => Promise<string>;
  /** Clients opened through the context are closed in afterAll. */
  connect: (sub: string, opts?: { autoPong?: boolean }) => Promise<TestClient>;
}

function readJson<T = any>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

/** The command that runs the generated tests, as argv, for a scaffolded app. */
export function generatedTestCommand(dir: string, spec: FixtureSpec, report: Report): string[] {
  // The script nextSteps tells users to run; without it, the runner itself.
  const pkg = readJson(path.join(dir, 'package.json'));
  if (pkg.scripts?.['test:ws']) return ['npm', 'run', '--silent', 'test:ws'];
  if (spec.testRunner === 'vitest') {
    return [process.execPath, path.join(dir, 'node_modules', 'vitest', 'vitest.mjs'), 'run', testsDirOf(dir)];
  }
  throw new Error(`no test:ws script in package.json and no vitest; nextSteps: ${JSON.stringify(report.nextSteps)}`);
}

export function testsDirOf(dir: string): string {
  const cfgFile = path.join(dir, 'ws-server.config.json');
  const cfg = fs.existsSync(cfgFile) ? readJson(cfgFile) : {};
  return typeof cfg.tests === 'string' ? cfg.tests : 'tests/ws';
}

export function outDirOf(dir: string): string {
  const cfgFile = path.join(dir, 'ws-server.config.json');
  const cfg = fs.existsSync(cfgFile) ? readJson(cfgFile) : {};
  return typeof cfg.out === 'string' ? cfg.out : 'src/ws';
}

/** How many tests a node:test or vitest run says passed (null when it does not say). */
export function passedCount(r: RunResult): number | null {
  const text = `${r.stdout}\n${r.stderr}`;
  const nodeTest = /^# pass (\d+)/m.exec(text) ?? /ℹ pass (\d+)/.exec(text);
  if (nodeTest) return Number(nodeTest[1]);
  const vitest = /Tests\s+(?:\d+ failed \| )?(\d+) passed/.exec(text);
  if (vitest) return Number(vitest[1]);
  const jest = /^Tests:\s+(?:\d+ failed, )?(?:\d+ skipped, )?(\d+) passed/m.exec(text);
  if (jest) return Number(jest[1]);
  return null;
}

/** How many tests a node:test or vitest run says failed (null when it does not say). */
export function failedCount(r: RunResult): number | null {
  const text = `${r.stdout}\n${r.stderr}`;
  const nodeTest = /^# fail (\d+)/m.exec(text) ?? /ℹ fail (\d+)/.exec(text);
  if (nodeTest) return Number(nodeTest[1]);
  const vitest = /Tests:?\s+(\d+) failed/.exec(text);
  if (vitest) return Number(vitest[1]);
  if (/^Tests:\s+(?:\d+ skipped, )?\d+ passed/m.test(text)) return 0;
  if (/Tests\s+\d+ passed/.test(text)) return 0;
  return null;
}

/** Run the generated tests of a scaffolded app (bounded). */
export async function runGeneratedTests(dir: string, spec: FixtureSpec, report: Report): Promise<RunResult> {
  const [cmd, ...args] = generatedTestCommand(dir, spec, report);
  return run(cmd!, args, { cwd: dir, timeoutMs: 150_000 });
}

/**
 * Define the whole e2e suite for one fixture. `extra` may add fixture-specific checks; it gets the
 * shared context (scaffold once, share the copy).
 */
export function defineFixtureSuite(spec: FixtureSpec, extra?: (ctx: FixtureContext) => void): void {
  const secret = `e2e-${crypto.randomBytes(24).toString('hex')}`;
  const clients = new Set<TestClient>();
  const ext = spec.language === 'ts' ? '.ts' : '.js';

  const scaffold = once(() => scaffoldFixture(spec.name, spec.initArgs ?? []));
  const full = spec.level !== 'light';
  /** A check only full fixtures run (light ones differ from a full one in a single respect). */
  const itFull = (name: string, fn: () => Promise<void>): void => {
    if (full) it(name, fn);
  };
  const dirOf = async () => (await scaffold()).dir;
  const link = once(async () => {
    const { dir } = await scaffold();
    linkDeclaredDeps(dir);
  });
  const build = once(async () => {
    await link();
    if (spec.language !== 'ts') return;
    const dir = await dirOf();
    const [cmd, ...args] = tscArgv(dir, '-p', spec.buildProject!);
    expectSuccess(await run(cmd!, args, { cwd: dir, timeoutMs: 120_000 }), `tsc -p ${spec.buildProject} (build)`);
  });
  const boot = once(async () => {
    await build();
    return bootApp({
      cwd: await dirOf(),
      command: [process.execPath, ...spec.start],
      env: { WS_JWT_SECRET: secret, WS_HEARTBEAT_MS: String(HEARTBEAT_MS), WS_HANDSHAKE_RATE: '0' },
    });
  });
  let wsPathCache: string | null = null;
  const wsPath = () => {
    if (wsPathCache) return wsPathCache;
    throw new Error('wsPath() before scaffold');
  };
  const token = (sub: string, opts: { expiresIn?: string | number } = {}) =>
    signToken({ sub, secret, ...(opts.expiresIn !== undefined ? { expiresIn: opts.expiresIn } : {}) });
  const connect = async (sub: string, opts: { autoPong?: boolean } = {}) => {
    const app = await boot();
    const c = await connectClient(app.wsUrl(wsPath()), { token: await token(sub), ...opts });
    clients.add(c);
    return c;
  };
  const ctx: FixtureContext = { spec, secret, scaffold, link, build, boot, wsPath, token, connect };

  describe(`create-ws-server init on ${spec.name}`, { timeout: HOOK_TIMEOUT }, () => {
    beforeAll(async () => {
      const s = await scaffold();
      const cfgFile = path.join(s.dir, 'ws-server.config.json');
      wsPathCache = fs.existsSync(cfgFile) ? (readJson(cfgFile).path ?? '/ws') : '/ws';
    }, HOOK_TIMEOUT);

    afterAll(async () => {
      for (const c of clients) c.terminate();
      await stopAllApps();
      cleanupTempDirs();
    }, HOOK_TIMEOUT);

    describe('the scaffold', () => {
      it('exits 0 and prints exactly one JSON report that matches the contract', async () => {
        const s = await scaffold();
        expect(s.exitCode, `stderr:\n${s.stderr}\nreport:\n${JSON.stringify(s.report, null, 2)}`).toBe(0);
        assertReport(s.report);
        expect(s.report).toMatchObject({ ok: true, command: 'init', dryRun: false, errors: [] });
        expect(s.stdout).not.toMatch(/\x1b\[/); // no colour in --json
      });

      it('reports what it detected', async () => {
        const { report, dir } = await scaffold();
        const d = report.detected!;
        expect(d, 'detected').not.toBeNull();
        expect(d.framework?.name).toBe(spec.framework);
        if (spec.frameworkMajor !== null && d.framework?.version != null) {
          expect(d.framework.version).toMatch(new RegExp(`^\\D*${spec.frameworkMajor}\\.`));
        }
        // appRoot is relative to where the CLI started (the copy's parent)
        expect(path.resolve(path.dirname(dir), d.appRoot)).toBe(dir);
        expect(d.entry).toBe(spec.entry);
        expect(d.serverSite).toMatchObject({ file: spec.entry, kind: spec.serverSiteKind });
        const original = fs.readFileSync(path.join(FIXTURES, spec.name, spec.entry), 'utf8').split('\n');
        const siteLine = original[d.serverSite!.line - 1] ?? '';
        const called = spec.siteCall ?? (spec.serverSiteKind === 'listen' ? 'listen' : 'createServer');
        expect(siteLine, `serverSite.line ${d.serverSite!.line} of ${spec.entry}`).toMatch(new RegExp(`\\b${called}\\s*(<[^>]*>)?\\(`));
        expect(d.moduleSystem).toBe(spec.moduleSystem);
        if (spec.language === 'ts') expect(d.typescript?.version).toMatch(new RegExp(`^${spec.typescriptMajor ?? 5}\\.`));
        else expect(d.typescript).toBeNull();
        expect(d.testRunner).toBe(spec.testRunner);
        expect([...new Set(d.existingWebSocket.map((w) => w.library))].sort()).toEqual([...(spec.existingWebSocket ?? [])].sort());
      });

      it('creates the server, its modules and its tests, each file on disk', async () => {
        const { report, dir } = await scaffold();
        const out = outDirOf(dir);
        const testsDir = testsDirOf(dir);
        const byPath = new Map(report.files.map((f) => [f.path, f]));
        expect(byPath.get(`${out}/server${ext}`), `files[] has ${out}/server${ext}: ${JSON.stringify(report.files)}`).toMatchObject({
          kind: 'owned',
          action: 'created',
        });
        for (const f of report.files) {
          expect(f.action, `${f.path}`).toBe('created');
          expect(fs.existsSync(path.join(dir, f.path)), `${f.path} exists`).toBe(true);
        }
        expect(report.files.filter((f) => f.path.startsWith(`${testsDir}/`)).length, 'generated tests listed').toBeGreaterThan(0);
        expect(report.files.filter((f) => f.path.startsWith(`${out}/`)).length).toBeGreaterThan(3);
        expect(report.conflicts).toEqual([]);
        if (spec.language === 'js') {
          const ts = report.files.filter((f) => /\.[cm]?tsx?$/.test(f.path));
          expect(ts, 'a JavaScript repo gets JavaScript').toEqual([]);
        }
        // bookkeeping is not listed
        expect(report.files.some((f) => f.path === 'ws-server.config.json' || f.path.startsWith('.ws-server/'))).toBe(false);
        expect(fs.existsSync(path.join(dir, 'ws-server.config.json'))).toBe(true);
      });

      it('declares ws and jose (and the dev tools the generated tests need) in package.json', async () => {
        const { report, dir } = await scaffold();
        const pkg = readJson(path.join(dir, 'package.json'));
        const added = new Map(report.dependencies.added.map((d) => [d.name, d]));
        expect(added.get('ws'), JSON.stringify(report.dependencies)).toMatchObject({ dev: false });
        expect(added.get('jose'), JSON.stringify(report.dependencies)).toMatchObject({ dev: false });
        expect(report.dependencies.installed).toBe(false);
        for (const dep of report.dependencies.added) {
          const section = dep.dev ? pkg.devDependencies : pkg.dependencies;
          expect(section?.[dep.name], `${dep.name} in ${dep.dev ? 'devDependencies' : 'dependencies'}`).toBe(dep.range);
        }
        if (spec.language === 'ts') {
          expect(added.get('@types/ws'), '@types/ws for the TS build').toMatchObject({ dev: true });
          // tsx runs node:test on .ts: added unless the app already has it
          if (spec.testRunner === 'node:test') expect(added.get('tsx') ?? { dev: 'tsx' in (pkg.devDependencies ?? {}) }, 'tsx runs node:test on .ts').toMatchObject({ dev: true });
        }
        // the fixture's own deps are untouched
        const original = readJson(path.join(FIXTURES, spec.name, 'package.json'));
        for (const [name, range] of Object.entries<string>(original.dependencies ?? {})) expect(pkg.dependencies[name]).toBe(range);
        for (const [name, range] of Object.entries<string>(original.devDependencies ?? {})) expect(pkg.devDependencies[name]).toBe(range);
      });

      it('declares every package the generated code imports (runtime code: in dependencies)', async () => {
        const { report, dir } = await scaffold();
        const pkg = readJson(path.join(dir, 'package.json'));
        const deps = pkg.dependencies ?? {};
        const devDeps = pkg.devDependencies ?? {};
        const testsDir = testsDirOf(dir);
        const missing: string[] = [];
        for (const f of report.files) {
          const isTest = f.path.startsWith(`${testsDir}/`);
          const src = fs.readFileSync(path.join(dir, f.path), 'utf8');
          for (const imp of bareImports(src)) {
            const ok = imp.typeOnly
              ? imp.pkg in deps || imp.pkg in devDeps || `@types/${imp.pkg}` in devDeps
              : isTest
                ? imp.pkg in deps || imp.pkg in devDeps
                : imp.pkg in deps;
            if (!ok) missing.push(`${f.path}:${imp.line} imports ${imp.specifier}${imp.typeOnly ? ' (type only)' : ''}`);
          }
        }
        expect(missing, 'undeclared imports').toEqual([]);
      });

      it(`wires attachWebSocketServer(server) into ${spec.entry}`, async () => {
        const { report, dir } = await scaffold();
        expect(report.wiring).toEqual({ file: spec.entry, action: 'added' });
        const text = fs.readFileSync(path.join(dir, spec.entry), 'utf8');
        expect(text).toMatch(spec.wiredCall ?? /attachWebSocketServer\s*\(/);
        expect(text).toMatch(/['"]\.\/ws\/server(\.js)?['"]/);
        // what was there is still there
        expect(text).toContain('listening on ${');
        const original = fs.readFileSync(path.join(FIXTURES, spec.name, spec.entry), 'utf8');
        const keep = original.split('\n').filter((l) => /^import |require\(/.test(l.trim()));
        for (const l of keep) expect(text, 'original imports kept').toContain(l.trim());
      });
    });

    describe('the result', () => {
      it('needs nothing beyond what package.json declares (node_modules = declared deps only)', async () => {
        await link();
        const dir = await dirOf();
        const pkg = readJson(path.join(dir, 'package.json'));
        const names = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})].sort();
        const present = fs
          .readdirSync(path.join(dir, 'node_modules'))
          .filter((n) => n !== '.bin')
          .flatMap((n) => (n.startsWith('@') ? fs.readdirSync(path.join(dir, 'node_modules', n)).map((m) => `${n}/${m}`) : [n]))
          .sort();
        expect(present).toEqual(names);
      });

      if (spec.typecheckProject !== undefined) {
        it(`type-checks with the fixture's own strict ${spec.language === 'ts' ? 'tsconfig' : 'jsconfig'} (tsc --noEmit -p ${spec.typecheckProject})`, async () => {
          await link();
          const dir = await dirOf();
          const [cmd, ...args] = tscArgv(dir, '--noEmit', '-p', spec.typecheckProject!);
          const r = await run(cmd!, args, { cwd: dir, timeoutMs: 120_000 });
          expect(r.exitCode, describeRun(r)).toBe(0);
        });
      }
      if (spec.language === 'js' && spec.typecheckProject !== undefined) {
        it("every generated file (tests too) starts with // @ts-check and passes tsc with the app's jsconfig", async () => {
          await link();
          const { dir, report } = await scaffold();
          await expectGeneratedJsTypeChecks(dir, report, spec.typecheckProject);
        });
      }
      if (spec.testsDir !== undefined) {
        it(`puts the generated tests in ${spec.testsDir} by itself (no --tests), so the build output keeps its layout`, async () => {
          const dir = await dirOf();
          expect(testsDirOf(dir)).toBe(spec.testsDir);
          expect(fs.existsSync(path.join(dir, spec.testsDir!, `ws.test${ext}`))).toBe(true);
          expect(fs.existsSync(path.join(dir, 'tests'))).toBe(false);
          await build();
          expect(fs.existsSync(path.join(dir, spec.start[0]!))).toBe(true);
        });
      }

      if (spec.language === 'ts') {

        if (!spec.noEmit) it('builds with tsc, and the emitted JavaScript includes the ws server', async () => {
          await build();
          const dir = await dirOf();
          const main = spec.start[0]!;
          expect(fs.existsSync(path.join(dir, main))).toBe(true);
          expect(fs.existsSync(path.join(dir, path.dirname(main), 'ws', 'server.js')), 'dist/ws/server.js').toBe(true);
        });
      }

      itFull('passes its generated tests', async () => {
        await build();
        const { dir, report } = await scaffold();
        const r = await runGeneratedTests(dir, spec, report);
        expect(r.exitCode, describeRun(r)).toBe(0);
        const passed = passedCount(r);
        expect(passed, `the run says how many passed:\n${describeRun(r)}`).not.toBeNull();
        expect(passed!).toBeGreaterThan(0);
      });

      it('boots under plain node and still answers GET /health and its other routes', async () => {
        const app = await boot();
        expect(await getJson(app, '/health')).toEqual({ status: 200, body: { ok: true } });
        expect((await getJson(app, spec.otherRoute.path)).status).toBe(spec.otherRoute.status);
      });
    });

    describe('a real ws client against the booted app', () => {
      const url = async () => (await boot()).wsUrl(wsPath());

      it('is refused with 401 without a token, with a forged token and with alg none', async () => {
        const none = await openSocket(await url());
        expect(none.kind === 'rejected' && none.status, describeHandshake(none)).toBe(401);
        const forged = await signToken({ sub: 'mallory', secret: `${secret}-wrong` });
        const bad = await openSocket(await url(), { token: forged });
        expect(bad.kind === 'rejected' && bad.status, describeHandshake(bad)).toBe(401);
        const unsigned = await openSocket(await url(), { token: unsignedToken('mallory') });
        expect(unsigned.kind === 'rejected' && unsigned.status, describeHandshake(unsigned)).toBe(401);
        const expired = await openSocket(await url(), { token: await token('alice', { expiresIn: Math.floor(Date.now() / 1000) - 60 }) });
        expect(expired.kind === 'rejected' && expired.status, describeHandshake(expired)).toBe(401);
      });

      it('is refused with 403 from a foreign Origin (even with a valid token), and accepted same-origin', async () => {
        const app = await boot();
        const foreign = await openSocket(await url(), { token: await token('alice'), origin: 'https://evil.example' });
        expect(foreign.kind === 'rejected' && foreign.status, describeHandshake(foreign)).toBe(403);
        const same = await openSocket(await url(), { token: await token('alice'), origin: app.baseUrl });
        expect(same.kind, describeHandshake(same)).toBe('open');
        if (same.kind === 'open') await same.client.close();
      });

      if ((spec.existingWebSocket ?? []).length === 0) {
        it('answers 404 on an upgrade to a path that is not its own', async () => {
          const app = await boot();
          const other = await openSocket(app.wsUrl('/not-the-ws-path'), { token: await token('alice') });
          expect(other.kind === 'rejected' && other.status, describeHandshake(other)).toBe(404);
        });
      } else {
        it('leaves an upgrade to another path to the app\'s other WebSocket stack (it does not answer it)', async () => {
          const app = await boot();
          const other = await openSocket(app.wsUrl('/not-the-ws-path'), { token: await token('alice'), timeoutMs: 4000 });
          // engine.io ends an upgrade it does not handle after 1 s; ours never writes a 404 ahead of it
          expect(other.kind, describeHandshake(other)).toBe('error');
        });
      }

      it('sends the welcome envelope on connect', async () => {
        const c = await connect('alice');
        const welcome = await c.waitFor((m) => m.type === 'welcome', { what: 'welcome' });
        expect(welcome.payload).toMatchObject({ userId: 'alice', protocol: 'ws-server.v1' });
        expect(typeof welcome.payload.connectionId).toBe('string');
        expect(welcome.payload.connectionId.length).toBeGreaterThan(0);
        await c.close();
      });

      itFull('takes the token from the subprotocol, selects ws-server.v1 and never echoes the token', async () => {
        const h = await openSocket(await url(), { token: await token('carol'), tokenVia: 'subprotocol' });
        expect(h.kind, describeHandshake(h)).toBe('open');
        if (h.kind !== 'open') return;
        expect(h.client.ws.protocol).toBe('ws-server.v1');
        const welcome = await h.client.waitFor((m) => m.type === 'welcome');
        expect(welcome.payload.userId).toBe('carol');
        await h.client.close();
      });

      itFull('subscribe -> ack (by correlationId) listing the members; presence join and leave reach the others', async () => {
        const alice = await connect('alice');
        await alice.waitFor((m) => m.type === 'welcome');
        const ack1 = await alice.request({ type: 'subscribe', channel: 'presence-room' });
        expect(ack1).toMatchObject({ type: 'ack', payload: { channel: 'presence-room', members: ['alice'] } });

        const mark = alice.mark();
        const bob = await connect('bob');
        await bob.waitFor((m) => m.type === 'welcome');
        const ack2 = await bob.request({ type: 'subscribe', channel: 'presence-room' });
        expect(ack2.type).toBe('ack');
        expect([...ack2.payload.members].sort()).toEqual(['alice', 'bob']);
        const join = await alice.waitFor((m) => m.type === 'presence' && m.payload?.event === 'join', { since: mark, what: 'presence join' });
        expect(join).toMatchObject({ channel: 'presence-room', payload: { event: 'join', userId: 'bob' } });

        const markLeave = alice.mark();
        await bob.close();
        const leave = await alice.waitFor((m) => m.type === 'presence' && m.payload?.event === 'leave', { since: markLeave, what: 'presence leave' });
        expect(leave).toMatchObject({ channel: 'presence-room', payload: { event: 'leave', userId: 'bob' } });
        await alice.close();
      });

      it('publish reaches every other member exactly once (the same user\'s other tab too) and not the sender; the sender gets its ack', async () => {
        const alice = await connect('alice');
        const alice2 = await connect('alice');
        const bob = await connect('bob');
        for (const c of [alice, alice2, bob]) {
          await c.waitFor((m) => m.type === 'welcome');
          expect((await c.request({ type: 'subscribe', channel: 'chat' })).type).toBe('ack');
        }
        const marks = [alice.mark(), alice2.mark(), bob.mark()] as const;
        const ack = await alice.request({ type: 'publish', channel: 'chat', payload: { text: 'hello' } });
        expect(ack.type, JSON.stringify(ack)).toBe('ack');
        const isChat = (m: { type: string; channel?: string }) => m.type === 'message' && m.channel === 'chat';
        const got = await bob.waitFor(isChat, { since: marks[2], what: 'the published message at bob' });
        expect(got).toMatchObject({ type: 'message', channel: 'chat', payload: { text: 'hello' }, from: 'alice' });
        await alice2.waitFor(isChat, { since: marks[1], what: "the published message at alice's other tab" });
        expect(await alice.collectFor(300, isChat, marks[0]), 'the sender gets no copy').toEqual([]);
        expect(bob.messages.slice(marks[2]).filter(isChat)).toHaveLength(1);
        expect(alice2.messages.slice(marks[1]).filter(isChat)).toHaveLength(1);
        await Promise.all([alice.close(), alice2.close(), bob.close()]);
      });

      itFull('publishing to a channel not joined is error not_subscribed (by correlationId)', async () => {
        const c = await connect('dave');
        await c.waitFor((m) => m.type === 'welcome');
        const reply = await c.request({ type: 'publish', channel: 'elsewhere', payload: { x: 1 } });
        expect(reply).toMatchObject({ type: 'error', payload: { code: 'not_subscribed' } });
        await c.close();
      });

      itFull('closes a connection that sends malformed JSON with 1008 and a reason', async () => {
        const c = await connect('erin');
        await c.waitFor((m) => m.type === 'welcome');
        c.send('{"type": "subscribe", oops');
        const info = await c.waitClose(3000);
        expect(info.code).toBe(1008);
        expect(info.reason.length).toBeGreaterThan(0);
      });

      itFull(`drops a half-open peer (no pongs) within two heartbeat intervals but not before one (WS_HEARTBEAT_MS=${HEARTBEAT_MS})`, async () => {
        const c = await connect('frank', { autoPong: false });
        const info = await c.waitClose(HEARTBEAT_MS * 2 + 2000);
        const elapsed = info.at - c.openedAt;
        expect(elapsed, `closed after ${elapsed} ms`).toBeGreaterThanOrEqual(HEARTBEAT_MS * 0.9);
        expect(elapsed, `closed after ${elapsed} ms`).toBeLessThanOrEqual(HEARTBEAT_MS * 2 + 250);
      });

      itFull('tells the room when a half-open peer is dropped (presence leave)', async () => {
        const observer = await connect('grace');
        await observer.request({ type: 'subscribe', channel: 'hb-room' });
        const ghost = await connect('ghost', { autoPong: false });
        await ghost.request({ type: 'subscribe', channel: 'hb-room' });
        const mark = observer.mark();
        const leave = await observer.waitFor((m) => m.type === 'presence' && m.payload?.event === 'leave', {
          since: mark,
          timeoutMs: HEARTBEAT_MS * 2 + 1500,
          what: 'presence leave for the dropped peer',
        });
        expect(leave).toMatchObject({ channel: 'hb-room', payload: { userId: 'ghost' } });
        await observer.close();
      });

      itFull('keeps a healthy (ponging) client connected across several heartbeat intervals', async () => {
        const c = await connect('heidi');
        await c.waitFor((m) => m.type === 'welcome');
        await new Promise((r) => setTimeout(r, HEARTBEAT_MS * 4));
        expect(c.isOpen, `closed: ${JSON.stringify(c.closeInfo)}`).toBe(true);
        expect((await c.request({ type: 'subscribe', channel: 'still-here' })).type).toBe('ack');
        await c.close();
      });
    });

    extra?.(ctx);

    describe('re-running init', () => {
      it('changes nothing: every file unchanged, wiring unchanged, the tree byte-identical', async () => {
        await build();
        const dir = await dirOf();
        const before = hashTree(dir);
        const entryBefore = fs.readFileSync(path.join(dir, spec.entry));
        const res = await runCli([...INIT_ARGS, '--cwd', dir], { cwd: path.dirname(dir) });
        expect(res.report, res.jsonError ?? '').not.toBeNull();
        expect(res.exitCode, `stderr:\n${res.stderr}\n${res.stdout}`).toBe(0);
        assertReport(res.report);
        const changed = res.report.files.filter((f) => f.action !== 'unchanged');
        expect(changed, 'files not reported unchanged').toEqual([]);
        expect(res.report.files.length).toBeGreaterThan(0);
        expect(res.report.wiring).toEqual({ file: spec.entry, action: 'unchanged' });
        expect(fs.readFileSync(path.join(dir, spec.entry)).equals(entryBefore), `${spec.entry} byte-identical`).toBe(true);
        expect(diffTrees(before, hashTree(dir)), 'files changed by the second init').toEqual([]);
      });
    });
  });
}

