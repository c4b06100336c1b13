// A real browser on the chat preset: examples/chat-browser scaffolded by the built CLI (`init --preset chat`),
// its page bundled with esbuild around the generated client, the app booted, and Debian's Chromium driven
// through playwright-core (installed by .ci/run; nothing is installed here). Two pages join a room, see each
// other, exchange messages, see the typing indicator, and come back after the server restarts. The last
// screen is saved to test-artifacts/browser-chat.png.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs module without types
import { bundleChatPage, scaffoldChatExample } from '../../examples/chat-browser/prepare.mjs';
import { bootApp, stopAllApps, type RunningApp } from '../helpers/boot.js';
import { linkDeclaredDeps } from '../helpers/link.js';
import { ROOT } from '../helpers/paths.js';
import { cleanupTempDirs, makeTempDir } from '../helpers/scaffold.js';

const CHROMIUM = '/usr/bin/chromium';
const TIMEOUT = 180_000;
const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const secret = `browser-${crypto.randomBytes(24).toString('hex')}`;

let dir = '';
let app: RunningApp;
let port = 0;
let context: BrowserContext;

async function boot(): Promise<void> {
  app = await bootApp({
    cwd: dir,
    command: [process.execPath, 'src/index.js'],
    env: { WS_JWT_SECRET: secret, WS_HANDSHAKE_RATE: '0', WS_HEARTBEAT_MS: '1000' },
    ...(port === 0 ? {} : { port }),
  });
  port = app.port;
}

const items = (page: Page, id: string): Promise<string[]> => page.locator(`#${id} li`).allTextContents();

describe('the chat preset in a real browser (Chromium)', { timeout: TIMEOUT }, () => {
  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium (apt-get install -y chromium)`);
    dir = path.join(makeTempDir('browser-chat'), 'chat-browser');
    const report = scaffoldChatExample(dir) as { ok: boolean; errors: unknown[] };
    expect(report.errors).toEqual([]);
    linkDeclaredDeps(dir);
    await bundleChatPage(dir);
    await boot();
    context = await chromium.launchPersistentContext(makeTempDir('chromium-profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
    });
  }, TIMEOUT);

  afterAll(async () => {
    await context?.close();
    await stopAllApps();
    cleanupTempDirs();
  }, TIMEOUT);

  it('two pages: presence, messages, typing, and a reconnect after the server restarts', async () => {
    const room = `room-${crypto.randomBytes(3).toString('hex')}`;
    const alice = await context.newPage();
    const bob = await context.newPage();
    const errors: string[] = [];
    for (const page of [alice, bob]) page.on('pageerror', (error) => errors.push(error.message));
    await alice.goto(`${app.baseUrl}/?user=alice&room=${room}`);
    await expect.poll(() => alice.textContent('#status'), { timeout: 10_000 }).toBe('connected');
    await bob.goto(`${app.baseUrl}/?user=bob&room=${room}`);

    // Presence: each page lists both users (bob from the join ack, alice from the presence event).
    await expect.poll(() => items(bob, 'members'), { timeout: 10_000 }).toEqual(['alice', 'bob']);
    await expect.poll(() => items(alice, 'members'), { timeout: 10_000 }).toEqual(['alice', 'bob']);

    // Typing shows on the other page; then the message goes across.
    await bob.locator('#text').pressSequentially('hi al', { delay: 20 });
    await expect.poll(() => alice.textContent('#typing'), { timeout: 10_000 }).toBe('bob typing…');
    await bob.locator('#text').pressSequentially('ice');
    await bob.locator('#send').click();
    await expect.poll(() => items(alice, 'messages'), { timeout: 10_000 }).toEqual(['bob: hi alice']);
    await alice.locator('#text').fill('hello bob');
    await alice.locator('#send').click();
    await expect.poll(() => items(bob, 'messages'), { timeout: 10_000 }).toEqual(['bob: hi alice', 'alice: hello bob']);

    // The server restarts (history in memory is gone): both pages reconnect by themselves and join the room again.
    await app.stop();
    await expect.poll(() => alice.textContent('#status'), { timeout: 10_000 }).toMatch(/^reconnecting/);
    await boot();
    for (const page of [alice, bob]) await expect.poll(() => page.textContent('#status'), { timeout: 20_000 }).toBe('connected');
    await expect.poll(() => items(alice, 'members'), { timeout: 10_000 }).toEqual(['alice', 'bob']);
    await alice.locator('#text').fill('still here?');
    await alice.locator('#send').click();
    // The page keeps what it showed (merged by id with the rejoin's history, which the restart emptied).
    await expect.poll(() => items(bob, 'messages'), { timeout: 10_000 }).toEqual(['bob: hi alice', 'alice: hello bob', 'alice: still here?']);

    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await bob.screenshot({ path: path.join(ARTIFACTS, 'browser-chat.png') });
    expect(fs.statSync(path.join(ARTIFACTS, 'browser-chat.png')).size).toBeGreaterThan(1000);
    expect(errors).toEqual([]);
  });
});
