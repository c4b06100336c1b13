// The prompts, for real, under a pseudo-terminal (util-linux `script`): at a workspace root the CLI asks
// which app (arrow keys), then the config questions (auth, Redis); Ctrl-C at a prompt writes nothing and
// exits 2; `--yes` on a terminal asks nothing.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/paths.js';
import { KEYS, requireScript, startPty } from '../helpers/pty.js';
import { cleanupTempDirs, copyFixture } from '../helpers/scaffold.js';
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

const APP_QUESTION = /Add it to which app\?/;
const AUTH_QUESTION = /Authenticate WebSocket handshakes with/;
const REDIS_QUESTION = /Join several instances through Redis pub\/sub/;

/** The choices of the app question, in the order shown (after the question text, which lists them too). */
function appChoices(screen: string): string[] {
  const after = screen.slice(screen.search(APP_QUESTION));
  return ['apps/api', 'apps/admin'].sort((a, b) => after.indexOf(`  ${a}`) - after.indexOf(`  ${b}`));
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
});
