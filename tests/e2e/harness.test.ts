// The e2e harness itself: the checks that make the other e2e files trustworthy must fail when
// they should (a missing package, a second JSON document, a malformed report, an undeclared import).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bareImports } from '../helpers/imports.js';
import { linkDeclaredDeps, resolveLinkTarget, satisfies } from '../helpers/link.js';
import { ROOT_NODE_MODULES } from '../helpers/paths.js';
import { cleanEnv } from '../helpers/proc.js';
import { reportProblems } from '../helpers/report.js';
import { cleanupTempDirs, copyFixture, makeTempDir, parseSingleJson } from '../helpers/scaffold.js';
import { diffTrees, hashTree } from '../helpers/tree.js';

afterAll(() => cleanupTempDirs());

describe('linkDeclaredDeps', () => {
  it('maps express 4 and @types/express 4 to the aliased copies', () => {
    expect(resolveLinkTarget('express', '4.22.3')).toBe(path.join(ROOT_NODE_MODULES, 'express4'));
    expect(resolveLinkTarget('express', '^5.0.0')).toBe(path.join(ROOT_NODE_MODULES, 'express'));
    expect(resolveLinkTarget('@types/express', '4.17.25')).toBe(path.join(ROOT_NODE_MODULES, '@types/express4'));
    expect(resolveLinkTarget('ws', '^8.18.0')).toBe(path.join(ROOT_NODE_MODULES, 'ws'));
  });

  it('links exactly the declared packages (and their bins)', () => {
    const dir = copyFixture('express5-ts-esm');
    linkDeclaredDeps(dir);
    const nm = path.join(dir, 'node_modules');
    expect(fs.readdirSync(nm).sort()).toEqual(['.bin', '@types', 'express', 'typescript', 'vitest']);
    expect(fs.readdirSync(path.join(nm, '@types')).sort()).toEqual(['express', 'node']);
    expect(fs.existsSync(path.join(nm, '.bin', 'tsc'))).toBe(true);
    expect(fs.existsSync(path.join(nm, '.bin', 'vitest'))).toBe(true);
  });

  it('fails loudly on a package that is not available locally, or at another version', () => {
    const dir = path.join(makeTempDir('link'), 'app');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ dependencies: { 'left-pad-that-is-not-here': '1.0.0' } }));
    expect(() => linkDeclaredDeps(dir)).toThrow(/left-pad-that-is-not-here/);
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ dependencies: { ws: '^7.0.0' } }));
    expect(() => linkDeclaredDeps(dir)).toThrow(/ws@\^7\.0\.0/);
  });

  it('understands the ranges a scaffolder writes', () => {
    expect(satisfies('8.23.0', '^8.18.0')).toBe(true);
    expect(satisfies('8.23.0', '^9.0.0')).toBe(false);
    expect(satisfies('6.2.18', '~6.2.0')).toBe(true);
    expect(satisfies('6.3.0', '~6.2.0')).toBe(false);
    expect(satisfies('4.22.3', '4.x')).toBe(true);
    expect(satisfies('4.22.3', '>=4.17 <5')).toBe(true);
    expect(satisfies('5.3.0', '^4.0.0 || ^5.0.0')).toBe(true);
    expect(satisfies('0.3.1', '^0.2.0')).toBe(false);
  });
});

describe('parseSingleJson', () => {
  it('accepts one document and refuses logs or a second document', () => {
    expect(parseSingleJson('\n{"a":1}\n').error).toBeNull();
    expect(parseSingleJson('installing...\n{"a":1}').error).not.toBeNull();
    expect(parseSingleJson('{"a":1}\n{"b":2}').error).not.toBeNull();
    expect(parseSingleJson('').error).not.toBeNull();
  });
});

describe('reportProblems', () => {
  const good = {
    schemaVersion: 1,
    ok: true,
    command: 'init',
    dryRun: false,
    detected: null,
    files: [{ path: 'src/ws/server.ts', kind: 'owned', action: 'created' }],
    conflicts: [],
    dependencies: { added: [{ name: 'ws', range: '^8.0.0', dev: false }], installed: false, command: null },
    wiring: { file: 'src/index.ts', action: 'added' },
    warnings: [],
    errors: [],
    nextSteps: [],
  };

  it('passes a conforming report and names what is wrong in a broken one', () => {
    expect(reportProblems(good)).toEqual([]);
    expect(reportProblems({ ...good, schemaVersion: 2 }).join()).toMatch(/schemaVersion/);
    expect(reportProblems({ ...good, files: [{ path: 'C:\\x.ts', kind: 'owned', action: 'made' }] }).join()).toMatch(/files\[0\]/);
    expect(reportProblems({ ...good, ok: false }).join()).toMatch(/errors\[\] is empty/);
    expect(reportProblems({ ...good, wiring: { file: 'x', action: 'done' } }).join()).toMatch(/wiring\.action/);
  });
});

describe('bareImports', () => {
  it('finds package imports in ESM, CJS, dynamic and type-only forms, and skips built-ins and relative paths', () => {
    const src = [
      "import { WebSocketServer } from 'ws';",
      "import type { JWTPayload } from 'jose';",
      "import http from 'node:http';",
      "import { x } from './local.js';",
      "const redis = require('ioredis');",
      "const j = await import('jose');",
      "import { test } from 'node:test';",
      "import crypto from 'crypto';",
      "import { z } from '@scope/pkg/sub';",
    ].join('\n');
    expect(bareImports(src).map((i) => `${i.pkg}${i.typeOnly ? ' (type)' : ''}@${i.line}`).sort()).toEqual(
      ['@scope/pkg@9', 'ioredis@5', 'jose (type)@2', 'jose@6', 'ws@1'].sort(),
    );
  });
});

describe('cleanEnv', () => {
  it('drops WS_*, CI, npm_* and node_modules/.bin PATH entries', () => {
    const saved = { ...process.env };
    try {
      process.env.WS_JWT_SECRET = 'leak';
      process.env.CI = 'true';
      process.env.npm_config_user_agent = 'pnpm/9';
      process.env.PATH = `/x/node_modules/.bin${path.delimiter}/usr/bin`;
      const env = cleanEnv({ WS_HEARTBEAT_MS: '300' });
      expect(env.WS_JWT_SECRET).toBeUndefined();
      expect(env.CI).toBeUndefined();
      expect(env.npm_config_user_agent).toBeUndefined();
      expect(env.PATH).toBe('/usr/bin');
      expect(env.WS_HEARTBEAT_MS).toBe('300');
    } finally {
      process.env = saved;
    }
  });
});

describe('hashTree / diffTrees', () => {
  it('sees an added, a changed and a removed file, and skips node_modules', () => {
    const dir = makeTempDir('tree');
    fs.writeFileSync(path.join(dir, 'a.txt'), 'a');
    fs.writeFileSync(path.join(dir, 'b.txt'), 'b');
    fs.mkdirSync(path.join(dir, 'node_modules'));
    const before = hashTree(dir);
    fs.writeFileSync(path.join(dir, 'a.txt'), 'A');
    fs.rmSync(path.join(dir, 'b.txt'));
    fs.writeFileSync(path.join(dir, 'c.txt'), 'c');
    fs.writeFileSync(path.join(dir, 'node_modules', 'ignored.txt'), 'x');
    expect(diffTrees(before, hashTree(dir))).toEqual(['added    c.txt', 'changed  a.txt', 'removed  b.txt']);
  });
});
