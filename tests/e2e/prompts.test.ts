// The prompts, for real, under a pseudo-terminal (util-linux `script`): at a workspace root the CLI asks
// which app (arrow keys), then the config questions (auth, Redis); in an app with two server sites it asks
// which one to attach to; Ctrl-C at a prompt writes nothing and exits 2; `--yes` on a terminal asks nothing,
// and a decision it cannot make is exit 2 naming the flag.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/paths.js';
import { KEYS, requireScript, startPty } from '../helpers/pty.js';
import { cleanupTempDirs, copyFixture, runCli } from '../helpers/scaffold.js';
import { diffTrees, hashTree } from '../helpers/tree.js';

afterAll(() => cleanupTempDirs());
beforeAll(() => {
  requireScript();
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} does not exist: run \`npm run build\` first`);
});

/** monorepo-npm with a second app that starts a server, so the app question has two answers. */
function workspaceWithTwoApps(): string {
  const root = copyFixture('monorepo-npm');
  const admin = path.join(root, 'apps/admin');
  fs.mkdirSync(path.join(admin, 'src'), { recursive: true });
  fs.writeFileSync(path.join(admin, 'package.json'), JSON.stringify({ name: 'shop-admin', private: true, main: 'src/server.js', dependencies: { express: '^4.21.0' } }, null, 2));
  fs.writeFileSync(
    path.join(admin, 'src/server.js'),
    "const express = require('express');\n\nconst app = express();\napp.get('/health', (req, res) => res.json({ ok: true }));\napp.listen(Number(process.env.PORT || 3001));\n",
  );
  return root;
}

/**
 * express-js-cjs with two processes: the API (`start`) and an admin server (`start:admin`), both named by
 * package.json, neither a conventional entry nor imported, so detection cannot prefer one.
 */
function appWithTwoServers(): string {
  const root = copyFixture('express-js-cjs');
  fs.renameSync(path.join(root, 'src/server.js'), path.join(root, 'src/api-server.js'));
  fs.writeFileSync(
    path.join(root, 'src/admin-server.js'),
    "'use strict';\n\nconst express = require('express');\n\nconst admin = express();\nadmin.get('/health', (req, res) => res.json({ ok: true }));\nadmin.listen(Number(process.env.ADMIN_PORT || 3001));\n",
  );
  const pkgFile = path.join(root, 'package.json');
  const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
  pkg.main = 'src/api-server.js';
  pkg.scripts = { start: 'node src/api-server.js', 'start:admin': 'node src/admin-server.js' };
  fs.writeFileSync(pkgFile, `${JSON.stringify(pkg, null, 2)}\n`);
  return root;
}

const SERVERS = ['src/api-server.js', 'src/admin-server.js'];
const SERVER_QUESTION = /Attach to which one\?/;
const APP_QUESTION = /Add it to which app\?/;
const AUTH_QUESTION = /Authenticate WebSocket handshakes with/;
const REDIS_QUESTION = /Join several instances through Redis pub\/sub/;

/** The choices of the app question, in the order shown (after the question text, which lists them too). */
function appChoices(screen: string): string[] {
  return choicesAfter(screen, APP_QUESTION, ['apps/api', 'apps/admin']);
}

/** `options` in the order a select prompt shows them below `question` (its text may list them too). */
function choicesAfter(screen: string, question: RegExp, options: string[]): string[] {
  const after = screen.slice(screen.search(question));
  for (const option of options) expect(after.lastIndexOf(`  ${option}`), `${option} is not a choice:\n${screen}`).toBeGreaterThan(0);
  return [...options].sort((a, b) => after.lastIndexOf(`  ${a}`) - after.lastIndexOf(`  ${b}`));
}

describe('prompts on a terminal', { timeout: 90_000 }, () => {
  it('at a workspace root: the app is chosen with the arrow keys, then auth and Redis are asked; the answers land in that app', async () => {
    const root = workspaceWithTwoApps();
    const before = hashTree(root);
    const pty = startPty([process.execPath, CLI, 'init', '--no-install'], { cwd: root });
    const screen = await pty.waitFor(APP_QUESTION);
    const choices = appChoices(screen);
    expect(choices.every((c) => screen.lastIndexOf(`  ${c}`) > screen.search(APP_QUESTION)), screen).toBe(true);
    const chosen = choices[1]!;
    const other = choices[0]!;
    pty.send(KEYS.down);
    pty.send(KEYS.enter);
    await pty.waitFor(AUTH_QUESTION);
    pty.send(KEYS.down); // "none"
    pty.send(KEYS.enter);
    await pty.waitFor(REDIS_QUESTION);
    pty.send('y');
    const { code, output } = await pty.exit;
    expect(code, output).toBe(0);
    const config = JSON.parse(fs.readFileSync(path.join(root, chosen, 'ws-server.config.json'), 'utf8'));
    expect(config).toMatchObject({ auth: 'none', redis: true });
    expect(fs.existsSync(path.join(root, chosen, 'src/ws/adapters/redis.js')), 'the Redis answer was used').toBe(true);
    // nothing anywhere but in the chosen app
    const changed = diffTrees(before, hashTree(root));
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.filter((line) => !line.includes(`${chosen}/`)), changed.join('\n')).toEqual([]);
    expect(fs.existsSync(path.join(root, other, 'ws-server.config.json'))).toBe(false);
  });

  it('Ctrl-C at a prompt: "Cancelled; nothing was written.", exit 2, the tree untouched', async () => {
    const root = workspaceWithTwoApps();
    const before = hashTree(root);
    const pty = startPty([process.execPath, CLI, 'init', '--no-install'], { cwd: root });
    await pty.waitFor(APP_QUESTION);
    pty.send(KEYS.enter);
    await pty.waitFor(AUTH_QUESTION);
    pty.send(KEYS.ctrlC);
    const { code, output } = await pty.exit;
    expect(output).toContain('Cancelled; nothing was written.');
    expect(code, output).toBe(2);
    expect(diffTrees(before, hashTree(root))).toEqual([]);
  });

  it('Ctrl-C at the first question (the app) is the same', async () => {
    const root = workspaceWithTwoApps();
    const before = hashTree(root);
    const pty = startPty([process.execPath, CLI, 'init', '--no-install'], { cwd: root });
    await pty.waitFor(APP_QUESTION);
    pty.send(KEYS.ctrlC);
    const { code, output } = await pty.exit;
    expect(code, output).toBe(2);
    expect(output).toContain('Cancelled; nothing was written.');
    expect(diffTrees(before, hashTree(root))).toEqual([]);
  });

  it('--yes on a terminal asks nothing: at the root it names --cwd (exit 2); in an app it takes the defaults', async () => {
    const root = workspaceWithTwoApps();
    const atRoot = startPty([process.execPath, CLI, 'init', '--yes', '--no-install'], { cwd: root });
    const rootRun = await atRoot.exit;
    expect(rootRun.code, rootRun.output).toBe(2);
    expect(rootRun.output).toMatch(/MONOREPO_ROOT/);
    expect(rootRun.output).toContain('--cwd');
    expect(rootRun.output).not.toMatch(APP_QUESTION);

    const inApp = startPty([process.execPath, CLI, 'init', '--yes', '--no-install', '--cwd', 'apps/api'], { cwd: root });
    const appRun = await inApp.exit;
    expect(appRun.code, appRun.output).toBe(0);
    expect(appRun.output).not.toMatch(AUTH_QUESTION);
    expect(appRun.output).not.toMatch(REDIS_QUESTION);
    expect(JSON.parse(fs.readFileSync(path.join(root, 'apps/api/ws-server.config.json'), 'utf8'))).toMatchObject({ auth: 'jwt', redis: false });
  });

  it('two server sites in one app: the one chosen with the arrow keys is wired and recorded as the entry; the other is untouched', async () => {
    const root = appWithTwoServers();
    const before = hashTree(root);
    const pty = startPty([process.execPath, CLI, 'init', '--no-install'], { cwd: root });
    const screen = await pty.waitFor(SERVER_QUESTION);
    expect(screen).toMatch(/Found several HTTP servers: src\/api-server\.js:\d+, src\/admin-server\.js:\d+\./);
    const [first, second] = choicesAfter(screen, SERVER_QUESTION, SERVERS) as [string, string];
    pty.send(KEYS.down);
    pty.send(KEYS.enter);
    await pty.waitFor(AUTH_QUESTION);
    pty.send(KEYS.enter); // JWT
    await pty.waitFor(REDIS_QUESTION);
    pty.send('n');
    const { code, output } = await pty.exit;
    expect(code, output).toBe(0);
    expect(output).toContain(`Wiring:   added in ${second}`);
    expect(JSON.parse(fs.readFileSync(path.join(root, 'ws-server.config.json'), 'utf8'))).toMatchObject({ entry: second, auth: 'jwt', redis: false });
    expect(fs.readFileSync(path.join(root, second), 'utf8')).toMatch(/attachWebSocketServer\(server\)/);
    const changed = diffTrees(before, hashTree(root));
    expect(changed.some((line) => line.includes(second)), changed.join('\n')).toBe(true);
    expect(changed.filter((line) => line.includes(first)), changed.join('\n')).toEqual([]);

    // The answer is in the config: generate finds the same server without asking.
    const again = await runCli(['generate', '--json'], { cwd: root });
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.report?.detected?.serverSite?.file).toBe(second);
  });

  it('two server sites with --yes on a terminal, or with no terminal: exit 2 naming --entry, nothing written; --entry decides', async () => {
    const root = appWithTwoServers();
    const before = hashTree(root);
    const onTerminal = await startPty([process.execPath, CLI, 'init', '--yes', '--no-install'], { cwd: root }).exit;
    expect(onTerminal.code, onTerminal.output).toBe(2);
    expect(onTerminal.output).not.toMatch(SERVER_QUESTION);
    expect(onTerminal.output).toMatch(/DECISION_NEEDED: Found several HTTP servers: src\/api-server\.js:\d+, src\/admin-server\.js:\d+\./);
    expect(onTerminal.output).toContain('--entry <file>');

    // stdin and stdout are pipes here: no prompt even without --yes.
    const piped = await runCli(['init', '--no-install', '--json'], { cwd: root });
    expect(piped.exitCode, piped.stderr).toBe(2);
    expect(piped.jsonError).toBeNull();
    expect(piped.report?.errors).toEqual([expect.objectContaining({ code: 'DECISION_NEEDED', hint: expect.stringContaining('--entry <file>') })]);
    expect(diffTrees(before, hashTree(root))).toEqual([]);

    const chosen = await runCli(['init', '--yes', '--no-install', '--json', '--entry', 'src/api-server.js'], { cwd: root });
    expect(chosen.exitCode, chosen.stderr).toBe(0);
    expect(chosen.report?.wiring).toEqual({ file: 'src/api-server.js', action: 'added' });
    expect(fs.readFileSync(path.join(root, 'src/admin-server.js'), 'utf8')).not.toContain('attachWebSocketServer');
  });

  it('a file that starts two servers is not offered (--entry names a file, so it could not say which); with no other file, exit 2 naming --standalone', async () => {
    const root = appWithTwoServers();
    const admin = path.join(root, 'src/admin-server.js');
    fs.appendFileSync(admin, 'admin.listen(Number(process.env.ADMIN_PORT_2 || 3002));\n');
    const pty = startPty([process.execPath, CLI, 'init', '--no-install'], { cwd: root });
    const screen = await pty.waitFor(SERVER_QUESTION);
    expect(screen).toMatch(/src\/admin-server\.js starts 2 of them \(lines 7, 8\), so --entry src\/admin-server\.js cannot say which one\./);
    const afterQuestion = screen.slice(screen.search(SERVER_QUESTION));
    expect(afterQuestion).toContain('  src/api-server.js');
    expect(afterQuestion, 'the crowded file is not a choice').not.toContain('src/admin-server.js');
    pty.send(KEYS.enter);
    await pty.waitFor(AUTH_QUESTION);
    pty.send(KEYS.enter);
    await pty.waitFor(REDIS_QUESTION);
    pty.send('n');
    const { code, output } = await pty.exit;
    expect(code, output).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(root, 'ws-server.config.json'), 'utf8'))).toMatchObject({ entry: 'src/api-server.js' });

    // Every server in one file: nothing to choose, even on a terminal, and --entry would not help.
    const single = appWithTwoServers();
    fs.rmSync(path.join(single, 'src/api-server.js'));
    fs.appendFileSync(path.join(single, 'src/admin-server.js'), 'admin.listen(Number(process.env.ADMIN_PORT_2 || 3002));\n');
    const pkgFile = path.join(single, 'package.json');
    fs.writeFileSync(pkgFile, JSON.stringify({ ...JSON.parse(fs.readFileSync(pkgFile, 'utf8')), main: 'src/admin-server.js', scripts: { start: 'node src/admin-server.js' } }, null, 2));
    const before = hashTree(single);
    const onTerminal = await startPty([process.execPath, CLI, 'init', '--no-install'], { cwd: single }).exit;
    expect(onTerminal.code, onTerminal.output).toBe(2);
    expect(onTerminal.output).not.toMatch(SERVER_QUESTION);
    for (const args of [['init', '--yes', '--no-install', '--json'], ['init', '--yes', '--no-install', '--json', '--entry', 'src/admin-server.js']]) {
      const r = await runCli(args, { cwd: single });
      expect(r.exitCode, r.stderr).toBe(2);
      const [error] = r.report?.errors ?? [];
      expect(error?.code).toBe('DECISION_NEEDED');
      expect(error?.message).toContain('src/admin-server.js starts 2 of them (lines 7, 8)');
      expect(error?.hint).toContain('into a file of its own');
      expect(error?.hint).toContain('--standalone');
    }
    expect(diffTrees(before, hashTree(single))).toEqual([]);
  });
});
