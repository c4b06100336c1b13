import { describe, expect, it } from 'vitest';
import { scanExistingWebSocket } from '../../src/analyze/existing-ws.js';
import { explainNoServer } from '../../src/analyze/no-server.js';
import { blockingSwallowers, describeSwallowers, findUpgradeSwallowers } from '../../src/analyze/upgrade-swallowers.js';

describe('findUpgradeSwallowers', () => {
  it('finds a ws server given `server`, with or without a path, in any import style', () => {
    const esm = `import { WebSocketServer } from 'ws';\nconst wss = new WebSocketServer({ server, path: '/live' });\n`;
    expect(findUpgradeSwallowers('a.ts', esm)).toEqual([
      { library: 'ws', file: 'a.ts', line: 2, text: "new WebSocketServer({ server, path: '/live' })", path: '/live' },
    ]);
    const cjs = `const WebSocket = require('ws');\nconst wss = new WebSocket.Server({\n  server: httpServer,\n});\n`;
    expect(findUpgradeSwallowers('b.js', cjs)).toMatchObject([{ library: 'ws', line: 2, path: null }]);
  });

  it('leaves noServer, port-only servers and socket.io alone', () => {
    expect(findUpgradeSwallowers('a.ts', `import { WebSocketServer } from 'ws';\nconst wss = new WebSocketServer({ noServer: true });\n`)).toEqual([]);
    expect(findUpgradeSwallowers('a.ts', `import { WebSocketServer } from 'ws';\nconst wss = new WebSocketServer({ port: 8080 });\n`)).toEqual([]);
    expect(findUpgradeSwallowers('a.ts', `import { Server } from 'socket.io';\nimport 'ws';\nconst io = new Server({ server });\n`)).toEqual([]);
  });

  it('always reports express-ws (it takes every upgrade)', () => {
    expect(findUpgradeSwallowers('a.js', `const expressWs = require('express-ws');\nexpressWs(app);\n`)).toMatchObject([{ library: 'express-ws', line: 1 }]);
  });

  it('reports @fastify/websocket at its register call, with the instance, in any import style', () => {
    const esm = `import Fastify from 'fastify';\nimport websocket from '@fastify/websocket';\n\nconst server = Fastify();\nawait server.register(websocket, { options: { maxPayload: 1024 } });\n`;
    expect(findUpgradeSwallowers('src/app.ts', esm)).toEqual([
      { library: '@fastify/websocket', file: 'src/app.ts', line: 5, text: 'server.register(websocket, { options: { maxPayload: 1024 } })', path: null, instance: 'server', passes: [] },
    ]);
    const cjs = `const fastifyWs = require('@fastify/websocket');\nmodule.exports = async (app) => {};\n`;
    expect(findUpgradeSwallowers('app.js', cjs)).toMatchObject([{ library: '@fastify/websocket', line: 1, instance: 'app' }]);
  });

  it('lists an @fastify/websocket import in existingWebSocket (its name has none of the other words)', () => {
    expect(scanExistingWebSocket('src/app.ts', `import websocket from '@fastify/websocket';\nawait app.register(websocket);\n`)).toEqual([
      { library: '@fastify/websocket', file: 'src/app.ts', line: 1 },
    ]);
  });

  it('lets an @fastify/websocket pass once an onRequest hook hijacks our path, and says exactly which hook', () => {
    const registered = `import websocket from '@fastify/websocket';\nawait app.register(websocket);\n`;
    const [found] = findUpgradeSwallowers('src/app.ts', registered);
    const message = describeSwallowers([found!], '/ws');
    expect(message).toContain('src/app.ts:2 registers @fastify/websocket');
    expect(message).toContain('404');
    const hook = /`(app\.addHook\('onRequest'[^`]*)`/.exec(message)?.[1];
    expect(hook).toContain("pathname === '/ws') reply.hijack();");
    expect(blockingSwallowers([found!], '/ws')).toHaveLength(1);
    const fixed = findUpgradeSwallowers('src/app.ts', `${registered}${hook}\n`);
    expect(fixed).toMatchObject([{ passes: ['/ws'] }]);
    expect(blockingSwallowers(fixed, '/ws')).toEqual([]);
    expect(blockingSwallowers(fixed, '/realtime'), 'another path is still swallowed').toHaveLength(1);
  });

  it('says what to change, with the path the existing server keeps', () => {
    const text = describeSwallowers([{ library: 'ws', file: 'src/a.ts', line: 4, text: "new WebSocketServer({ server, path: '/live' })", path: '/live' }], '/ws');
    expect(text).toContain('src/a.ts:4');
    expect(text).toContain("pathname === '/live'");
    expect(text).toContain('new WebSocketServer({ noServer: true })');
  });
});

describe('explainNoServer', () => {
  const pkg = { name: null, type: null, main: null, scripts: {}, dependencies: {}, devDependencies: {} };
  it('lists the files looked at and offers --standalone and --entry', () => {
    const e = explainNoServer({ appRoot: '/app', inspected: ['src/index.ts', 'src/lib.ts'], packageJson: pkg, framework: null });
    expect(e.message).toContain('in src/index.ts, src/lib.ts.');
    expect(e.hint).toMatch(/--standalone.*--entry <file>/);
  });

  it('names fastify-cli when `fastify start` runs the app', () => {
    const e = explainNoServer({ appRoot: '/app', inspected: ['app.js'], packageJson: { ...pkg, scripts: { start: 'fastify start -l info app.js' } }, framework: { name: 'fastify', version: '5.0.0' } });
    expect(e.message).toMatch(/fastify-cli app/);
  });

  it('says so when there were no candidate files at all', () => {
    expect(explainNoServer({ appRoot: '/app', inspected: [], packageJson: pkg, framework: null }).message).toMatch(/no candidate files/);
  });
});
