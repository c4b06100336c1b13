import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze/index.js';
import { CliError } from '../../src/errors.js';

const roots: string[] = [];

/** A temp repo; a `.git` dir bounds the upward walks (lockfiles, formatter configs) to it. */
async function repo(files: Record<string, string>, opts: { git?: boolean } = {}): Promise<string> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'cws-analyze-'));
  roots.push(root);
  if (opts.git !== false) await fs.mkdir(path.join(root, '.git'));
  for (const [file, text] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await fs.writeFile(path.join(root, file), text);
  }
  return root;
}

afterAll(async () => {
  await Promise.all(roots.map((r) => fs.rm(r, { recursive: true, force: true })));
});

const pkg = (fields: Record<string, unknown> = {}) => JSON.stringify({ name: 'app', ...fields }, null, 2);
const NO_ENV = { env: {} };

const EXPRESS_INDEX = `import { createApp } from './app.js';\n\nconst app = createApp();\napp.listen(3000);\n`;
const EXPRESS_APP = `import express from 'express';\nimport { users } from './routes/users.js';\nexport function createApp() {\n  const app = express();\n  app.use('/users', users);\n  return app;\n}\n`;
const ROUTER = `import express from 'express';\nexport const users = express.Router();\nusers.get('/', (_req, res) => res.json([]));\n`;

async function caught(p: Promise<unknown>): Promise<CliError> {
  const error = await p.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(CliError);
  return error as CliError;
}

describe('analyze: package.json', () => {
  it('fails with NO_PACKAGE_JSON without one', async () => {
    const root = await repo({ 'src/index.js': '' });
    expect((await caught(analyze(root, NO_ENV))).code).toBe('NO_PACKAGE_JSON');
  });

  it('fails with PACKAGE_JSON_INVALID and says where', async () => {
    const root = await repo({ 'package.json': '{\n  "name": "app",\n}\n' });
    const error = await caught(analyze(root, NO_ENV));
    expect(error.code).toBe('PACKAGE_JSON_INVALID');
    expect(error.message).toMatch(/line 3, column 1/);
  });
});

describe('analyze: a TypeScript express app', () => {
  it('finds the entry through start/dist -> src, the app factory, versions and conventions', async () => {
    const root = await repo({
      'package.json': pkg({
        type: 'module',
        main: 'dist/index.js',
        scripts: { build: 'tsc', start: 'node dist/index.js', dev: 'tsx watch src/index.ts' },
        dependencies: { express: '^5.1.0' },
        devDependencies: { typescript: '~5.9.0', vitest: '^3.2.0' },
      }),
      'package-lock.json': '{}',
      'tsconfig.json': `{\n  // built to dist\n  "compilerOptions": { "module": "NodeNext", "strict": true, "outDir": "./dist", "rootDir": "./src", },\n  "include": ["src"],\n}\n`,
      'node_modules/express/package.json': '{"name":"express","version":"5.3.0"}',
      'node_modules/typescript/package.json': '{"name":"typescript","version":"5.9.3"}',
      'src/index.ts': EXPRESS_INDEX,
      'src/app.ts': EXPRESS_APP,
      'src/routes/users.ts': ROUTER,
      'dist/index.js': `app.listen(3000);\n`,
      'src/app.test.ts': `import { createApp } from './app.js';\ncreateApp().listen(0);\n`,
    });
    const facts = await analyze(root, NO_ENV);
    expect(facts).toMatchObject({
      appRoot: root,
      framework: { name: 'express', version: '5.3.0' },
      entry: 'src/index.ts',
      serverSite: { file: 'src/index.ts', line: 4, kind: 'listen', text: 'app.listen(3000)' },
      moduleSystem: 'esm',
      language: 'ts',
      typescript: { version: '5.9.3' },
      packageManager: 'npm',
      testRunner: 'vitest',
      existingWebSocket: [],
      formatter: null,
      eol: '\n',
      tsconfig: { path: 'tsconfig.json', strict: true, module: 'nodenext', moduleResolution: 'nodenext', esModuleInterop: true, rootDir: 'src', outDir: 'dist', include: ['src'], verbatimModuleSyntax: false },
    });
    expect(facts.serverSites).toHaveLength(1);
    // The named and conventional entries, then what passed the prefilter: never the router or the tests.
    expect(facts.inspected).toEqual(['src/index.ts', 'src/app.ts']);
  });

  it('ignores an installed copy from up the tree whose major the declared range excludes', async () => {
    const parent = await repo({ 'node_modules/express/package.json': '{"version":"5.3.0"}', 'node_modules/typescript/package.json': '{"version":"5.9.3"}' });
    const app = path.join(parent, 'apps/legacy');
    await fs.mkdir(path.join(app, 'src'), { recursive: true });
    await fs.writeFile(path.join(app, 'package.json'), pkg({ dependencies: { express: '~4.22.3' }, devDependencies: { typescript: '^5.4.0' } }));
    await fs.writeFile(path.join(app, 'tsconfig.json'), '{}');
    const facts = await analyze(app, NO_ENV);
    expect(facts.framework).toEqual({ name: 'express', version: '4.22.3' });
    expect(facts.typescript).toEqual({ version: '5.9.3' });
  });

  it('falls back to the declared range when the framework is not installed', async () => {
    const root = await repo({
      'package.json': pkg({ dependencies: { express: '^4.19.2' } }),
      'src/server.js': `const express = require('express');\nconst app = express();\napp.listen(3000);\n`,
    });
    const facts = await analyze(root, NO_ENV);
    expect(facts.framework).toEqual({ name: 'express', version: '4.19.2' });
    expect(facts).toMatchObject({ language: 'js', typescript: null, moduleSystem: 'cjs', entry: 'src/server.js', testRunner: 'node:test' });
  });
});

describe('analyze: JavaScript that is type-checked', () => {
  const server = `const http = require('node:http');\nhttp.createServer((req, res) => res.end('ok')).listen(3000);\n`;

  it('finds // @ts-check at the top of the entry (after other comments), not further down', async () => {
    const checked = await repo({ 'package.json': pkg(), 'server.js': `#!/usr/bin/env node\n// The API.\n/* eslint-disable */\n// @ts-check\n${server}` });
    expect(await analyze(checked, NO_ENV)).toMatchObject({ language: 'js', checkJs: true });
    const late = await repo({ 'package.json': pkg(), 'server.js': `${server}// @ts-check\n` });
    expect((await analyze(late, NO_ENV)).checkJs).toBeUndefined();
  });

  it('finds checkJs in jsconfig.json (and the config it extends), and reads checkJs: false as unchecked', async () => {
    const viaBase = await repo({
      'package.json': pkg(),
      'server.js': server,
      'jsconfig.base.json': '{ "compilerOptions": { "checkJs": true } }',
      'jsconfig.json': '{ "extends": "./jsconfig.base.json", // JSONC\n "compilerOptions": { "strict": true } }',
    });
    expect(await analyze(viaBase, NO_ENV)).toMatchObject({ language: 'js', checkJs: true });
    const off = await repo({ 'package.json': pkg(), 'server.js': server, 'jsconfig.json': '{ "compilerOptions": { "checkJs": false } }' });
    expect((await analyze(off, NO_ENV)).checkJs).toBeUndefined();
  });
});

describe('analyze: frameworks', () => {
  it('detects a bare node http server as node-http', async () => {
    const root = await repo({
      'package.json': pkg(),
      'server.js': `const http = require('node:http');\nconst server = http.createServer((req, res) => res.end('ok'));\nserver.listen(8080);\n`,
    });
    const facts = await analyze(root, NO_ENV);
    expect(facts.framework).toEqual({ name: 'node-http', version: null });
    expect(facts.serverSite).toMatchObject({ file: 'server.js', line: 2, kind: 'create-server' });
  });

  it('names other frameworks by dependency (nest before the express it carries)', async () => {
    const root = await repo({
      'package.json': pkg({ dependencies: { '@nestjs/core': '^11.0.1', '@nestjs/platform-express': '^11.0.1', express: '^5.0.0' } }),
      'node_modules/@nestjs/core/package.json': '{"version":"11.1.6"}',
    });
    expect((await analyze(root, NO_ENV)).framework).toEqual({ name: 'nestjs', version: '11.1.6' });
    const fastify = await repo({ 'package.json': pkg({ dependencies: { fastify: '5.6.0' } }) });
    expect((await analyze(fastify, NO_ENV)).framework).toEqual({ name: 'fastify', version: '5.6.0' });
  });

  it('reports no framework and no site in an empty app, with the best candidate entry', async () => {
    const root = await repo({ 'package.json': pkg(), 'src/index.ts': `export const x = 1;\n` });
    const facts = await analyze(root, NO_ENV);
    expect(facts).toMatchObject({ framework: null, serverSite: null, serverSites: [], entry: 'src/index.ts', inspected: ['src/index.ts'] });
  });
});

describe('analyze: several servers', () => {
  it('prefers the file nobody imports', async () => {
    const root = await repo({
      'package.json': pkg({ dependencies: { express: '5.0.0' } }),
      'src/app.ts': `import express from 'express';\nexport const app = express();\n`,
      'src/server.ts': `import http from 'node:http';\nimport { app } from './app';\nexport const server = http.createServer(app);\n`,
      'src/main.ts': `import { server } from './server';\n\nserver.listen(3000);\n`,
    });
    const facts = await analyze(root, NO_ENV);
    expect(facts.serverSite).toMatchObject({ file: 'src/main.ts', line: 3, kind: 'listen' });
    expect(facts.entry).toBe('src/main.ts');
  });

  it('prefers the entry named by package.json', async () => {
    const listen = `import express from 'express';\nexpress().listen(3000);\n`;
    const root = await repo({
      'package.json': pkg({ scripts: { start: 'tsx src/b.ts' }, dependencies: { express: '5.0.0' } }),
      'src/a.ts': listen,
      'src/b.ts': listen,
    });
    expect((await analyze(root, NO_ENV)).serverSite).toMatchObject({ file: 'src/b.ts', line: 2 });
  });

  it('prefers a conventional entry over a helper server elsewhere', async () => {
    const root = await repo({
      'package.json': pkg(),
      'src/index.ts': `import http from 'node:http';\nhttp.createServer().listen(3000);\n`,
      'src/dev/mock-upstream.ts': `import http from 'node:http';\nhttp.createServer().listen(4000);\n`,
    });
    const facts = await analyze(root, NO_ENV);
    expect(facts.serverSite).toMatchObject({ file: 'src/index.ts', line: 2 });
    expect(facts.inspected).toEqual(['src/index.ts', 'src/dev/mock-upstream.ts']);
  });

  it('returns all of them when still ambiguous, and --entry decides', async () => {
    const listen = `import express from 'express';\nexpress().listen(3000);\n`;
    const root = await repo({ 'package.json': pkg({ dependencies: { express: '5.0.0' } }), 'src/a.ts': listen, 'src/b.ts': listen });
    const facts = await analyze(root, NO_ENV);
    expect(facts.serverSite).toBeNull();
    expect(facts.serverSites?.map((s) => s.file)).toEqual(['src/a.ts', 'src/b.ts']);

    const chosen = await analyze(root, { ...NO_ENV, entry: 'src/b.ts' });
    expect(chosen).toMatchObject({ entry: 'src/b.ts', serverSite: { file: 'src/b.ts', line: 2, kind: 'listen' }, inspected: ['src/b.ts'] });
  });

  it('fails with ENTRY_NOT_FOUND for a missing --entry', async () => {
    const root = await repo({ 'package.json': pkg() });
    expect((await caught(analyze(root, { ...NO_ENV, entry: 'src/nope.ts' }))).code).toBe('ENTRY_NOT_FOUND');
  });

  it('keeps the --entry file when it holds no server', async () => {
    const root = await repo({ 'package.json': pkg(), 'src/other.ts': 'export {};\n', 'src/index.ts': `import http from 'http';\nhttp.createServer().listen(1);\n` });
    expect(await analyze(root, { ...NO_ENV, entry: './src/other.ts' })).toMatchObject({ entry: 'src/other.ts', serverSite: null, serverSites: [] });
  });
});

describe('analyze: package manager', () => {
  it('reads the packageManager field first', async () => {
    const root = await repo({ 'package.json': pkg({ packageManager: 'pnpm@9.12.0' }), 'yarn.lock': '' });
    expect((await analyze(root, NO_ENV)).packageManager).toBe('pnpm');
  });

  it('then a lockfile', async () => {
    expect((await analyze(await repo({ 'package.json': pkg(), 'yarn.lock': '' }), NO_ENV)).packageManager).toBe('yarn');
    expect((await analyze(await repo({ 'package.json': pkg(), 'bun.lock': '' }), NO_ENV)).packageManager).toBe('bun');
    expect((await analyze(await repo({ 'package.json': pkg(), 'pnpm-lock.yaml': '' }), NO_ENV)).packageManager).toBe('pnpm');
  });

  it('walking up to the workspace root', async () => {
    const root = await repo({
      'package.json': pkg({ name: 'mono', private: true }),
      'pnpm-workspace.yaml': 'packages:\n  - apps/*\n',
      'pnpm-lock.yaml': '',
      'apps/api/package.json': pkg({ name: 'api' }),
    });
    expect((await analyze(path.join(root, 'apps/api'), NO_ENV)).packageManager).toBe('pnpm');
    const yarnRoot = await repo({ 'package.json': pkg({ packageManager: 'yarn@4.5.0', workspaces: ['apps/*'] }), 'apps/api/package.json': pkg() });
    expect((await analyze(path.join(yarnRoot, 'apps/api'), NO_ENV)).packageManager).toBe('yarn');
  });

  it('tells yarn berry from yarn classic by the packageManager field, .yarnrc.yml, .yarn/releases or the yarn.lock format', async () => {
    const flavor = async (files: Record<string, string>, env: NodeJS.ProcessEnv = {}) => (await analyze(await repo({ 'package.json': pkg(), ...files }), { env })).yarnFlavor;
    expect(await flavor({ 'package.json': pkg({ packageManager: 'yarn@4.18.1' }) })).toBe('berry');
    expect(await flavor({ 'package.json': pkg({ packageManager: 'yarn@1.22.22' }), '.yarnrc.yml': 'nodeLinker: node-modules\n' })).toBe('classic');
    expect(await flavor({ 'yarn.lock': '', '.yarnrc.yml': 'nodeLinker: node-modules\n' })).toBe('berry');
    expect(await flavor({ 'yarn.lock': '', '.yarn/releases/yarn-4.18.1.cjs': '' })).toBe('berry');
    expect(await flavor({ 'yarn.lock': '# comment\n\n__metadata:\n  version: 8\n' })).toBe('berry');
    expect(await flavor({ 'yarn.lock': '# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.\n# yarn lockfile v1\n' })).toBe('classic');
    expect(await flavor({ 'yarn.lock': '' })).toBe('classic');
    expect(await flavor({ 'yarn.lock': '' }, { npm_config_user_agent: 'yarn/4.18.1 npm/? node/v22.0.0 linux x64' })).toBe('berry');
    expect(await flavor({ 'package-lock.json': '{}' }), 'no flavor for another manager').toBeUndefined();
    // at the workspace root, seen from an app
    const root = await repo({ 'package.json': pkg({ private: true, workspaces: ['apps/*'] }), '.yarnrc.yml': '', 'yarn.lock': '', 'apps/api/package.json': pkg() });
    expect(await analyze(path.join(root, 'apps/api'), NO_ENV)).toMatchObject({ packageManager: 'yarn', yarnFlavor: 'berry' });
  });

  it('then npm_config_user_agent, else npm', async () => {
    const root = await repo({ 'package.json': pkg() });
    expect((await analyze(root, { env: { npm_config_user_agent: 'yarn/1.22.22 npm/? node/v20.19.0 linux x64' } })).packageManager).toBe('yarn');
    expect((await analyze(root, NO_ENV)).packageManager).toBe('npm');
  });
});

describe('analyze: module system and language', () => {
  it('"type": "module" is esm, none is cjs', async () => {
    expect((await analyze(await repo({ 'package.json': pkg({ type: 'module' }) }), NO_ENV)).moduleSystem).toBe('esm');
    expect((await analyze(await repo({ 'package.json': pkg() }), NO_ENV)).moduleSystem).toBe('cjs');
  });

  it('TypeScript: module esnext is esm, nodenext without type module is cjs', async () => {
    const ts = (module: string) =>
      repo({ 'package.json': pkg({ devDependencies: { typescript: '5.9.3' } }), 'tsconfig.json': `{ "compilerOptions": { "module": "${module}" } }` });
    const esnext = await analyze(await ts('ESNext'), NO_ENV);
    expect(esnext).toMatchObject({ moduleSystem: 'esm', language: 'ts', typescript: { version: '5.9.3' } });
    expect((await analyze(await ts('NodeNext'), NO_ENV)).moduleSystem).toBe('cjs');
    expect((await analyze(await ts('commonjs'), NO_ENV)).moduleSystem).toBe('cjs');
  });

  it('a .mts entry is esm; .ts sources with a tsconfig make it TypeScript without the dependency', async () => {
    const root = await repo({ 'package.json': pkg(), 'tsconfig.json': '{}', 'src/main.mts': `import http from 'node:http';\nhttp.createServer().listen(1);\n` });
    expect(await analyze(root, NO_ENV)).toMatchObject({ moduleSystem: 'esm', language: 'ts', entry: 'src/main.mts', typescript: null });
  });
});

describe('analyze: tsconfig', () => {
  it('reads comments and trailing commas and follows extends (relative and package)', async () => {
    const root = await repo({
      'package.json': pkg({ devDependencies: { typescript: '5.9.3' } }),
      'node_modules/@tsconfig/node20/tsconfig.json': `{ "compilerOptions": { "strict": true, "esModuleInterop": true, "module": "node16" } }`,
      'config/tsconfig.base.json': `{\n  "extends": "@tsconfig/node20/tsconfig.json",\n  "compilerOptions": {\n    /* shared */ "outDir": "../build", "verbatimModuleSyntax": true,\n  },\n  "include": ["../src"],\n}\n`,
      'tsconfig.json': `// app config\n{\n  "extends": "./config/tsconfig.base.json",\n  "compilerOptions": {\n    "moduleResolution": "Bundler", // override\n    "module": "ESNext",\n  },\n}\n`,
    });
    expect((await analyze(root, NO_ENV)).tsconfig).toEqual({
      path: 'tsconfig.json',
      strict: true,
      module: 'esnext',
      moduleResolution: 'bundler',
      verbatimModuleSyntax: true,
      esModuleInterop: true,
      rootDir: null,
      outDir: 'build',
      include: ['src'],
    });
  });

  it('is not stopped by options TypeScript 6 deprecates (moduleResolution node, baseUrl)', async () => {
    const root = await repo({
      'package.json': pkg(),
      'tsconfig.json': `{ "compilerOptions": { "module": "commonjs", "moduleResolution": "node", "baseUrl": ".", "outDir": "dist" } }`,
      'src/index.ts': `import express from 'express';\nexpress().listen(3000);\n`,
    });
    const facts = await analyze(root, NO_ENV);
    expect(facts.tsconfig).toMatchObject({ module: 'commonjs', moduleResolution: 'node', esModuleInterop: false, strict: false });
    expect(facts.serverSite).toMatchObject({ file: 'src/index.ts', line: 2 });
  });

  it('implies moduleResolution from module node16', async () => {
    const root = await repo({ 'package.json': pkg(), 'tsconfig.json': `{ "compilerOptions": { "module": "Node16" } }` });
    expect((await analyze(root, NO_ENV)).tsconfig).toMatchObject({ module: 'node16', moduleResolution: 'node16' });
  });
});

describe('analyze: tooling', () => {
  it('test runner: vitest, then jest, when a dependency, else node:test', async () => {
    expect((await analyze(await repo({ 'package.json': pkg({ devDependencies: { vitest: '3' } }) }), NO_ENV)).testRunner).toBe('vitest');
    expect((await analyze(await repo({ 'package.json': pkg({ devDependencies: { jest: '30' } }) }), NO_ENV)).testRunner).toBe('jest');
    expect((await analyze(await repo({ 'package.json': pkg() }), NO_ENV)).testRunner).toBe('node:test');
  });

  it('formatter: prettier from a config file, biome from biome.json, else null', async () => {
    expect((await analyze(await repo({ 'package.json': pkg(), '.prettierrc.json': '{}' }), NO_ENV)).formatter).toBe('prettier');
    expect((await analyze(await repo({ 'package.json': pkg({ devDependencies: { prettier: '3' } }) }), NO_ENV)).formatter).toBe('prettier');
    expect((await analyze(await repo({ 'package.json': pkg(), 'biome.json': '{}' }), NO_ENV)).formatter).toBe('biome');
    expect((await analyze(await repo({ 'package.json': pkg() }), NO_ENV)).formatter).toBeNull();
  });

  it('eol: CRLF when the entry uses it', async () => {
    const root = await repo({ 'package.json': pkg(), 'src/index.js': `const http = require('http');\r\nhttp.createServer().listen(1);\r\n` });
    expect((await analyze(root, NO_ENV)).eol).toBe('\r\n');
  });
});

describe('analyze: existing WebSocket code', () => {
  it('reports ws, socket.io and upgrade listeners with their lines, not our generated files', async () => {
    const root = await repo({
      'package.json': pkg({ dependencies: { ws: '8', 'socket.io': '4' } }),
      'src/index.ts': `import http from 'node:http';\nconst server = http.createServer();\nserver.on('upgrade', (req, socket) => socket.destroy());\nserver.listen(1);\n`,
      'src/realtime/legacy.ts': `// old feed\nimport { WebSocketServer } from 'ws';\nexport const wss = new WebSocketServer({ noServer: true });\n`,
      'src/realtime/io.js': `\n\nconst { Server } = require("socket.io");\nmodule.exports = (server) => new Server(server);\n`,
      'src/ws/server.ts': `// Generated by create-ws-server (owned): edits are merged on regenerate.\nimport { WebSocketServer } from 'ws';\nserver.on('upgrade', () => {});\n`,
      'tests/ws.test.ts': `import WebSocket from 'ws';\n`,
    });
    expect((await analyze(root, NO_ENV)).existingWebSocket).toEqual([
      { library: 'upgrade-listener', file: 'src/index.ts', line: 3 },
      { library: 'socket.io', file: 'src/realtime/io.js', line: 3 },
      { library: 'ws', file: 'src/realtime/legacy.ts', line: 2 },
    ]);
  });
});
