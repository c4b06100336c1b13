import { describe, expect, it } from 'vitest';
import { createAnalysisProject, findServerSites } from '../../src/analyze/index.js';

/** Writes `files` under /app in memory and searches `search` (default: the first file). */
function sites(files: Record<string, string>, search?: string[]) {
  const project = createAnalysisProject({ inMemory: true });
  for (const [file, text] of Object.entries(files)) project.createSourceFile(`/app/${file}`, text);
  const targets = (search ?? [Object.keys(files)[0] as string]).map((f) => `/app/${f}`);
  return findServerSites(project, targets, { root: '/app' }).map(({ file, line, kind }) => ({ file, line, kind }));
}

const APP_TS = `import express from 'express';
export function createApp() {
  const app = express();
  app.use(express.json());
  return app;
}
`;

describe('findServerSites: app.listen', () => {
  it('finds an unused app.listen(3000)', () => {
    expect(sites({ 'src/index.ts': `import express from 'express';\nconst app = express();\napp.listen(3000);\n` })).toEqual([
      { file: 'src/index.ts', line: 3, kind: 'listen' },
    ]);
  });

  it('finds app.listen(PORT, callback) spread over lines, at the line the call starts', () => {
    const text = `import express from 'express';\nconst app = express();\nconst PORT = 3000;\n\napp.listen(PORT, () => {\n  console.log('up');\n});\n`;
    expect(sites({ 'src/index.ts': text })).toEqual([{ file: 'src/index.ts', line: 5, kind: 'listen' }]);
  });

  it('finds an assigned listen', () => {
    expect(sites({ 'src/index.ts': `import express from 'express';\nconst app = express();\nconst server = app.listen(3000);\nexport { server };\n` })).toEqual([
      { file: 'src/index.ts', line: 3, kind: 'listen' },
    ]);
  });

  it('finds a returned listen', () => {
    const text = `import express from 'express';\nconst app = express();\nexport function start(port: number) {\n  return app.listen(port);\n}\n`;
    expect(sites({ 'src/index.ts': text })).toEqual([{ file: 'src/index.ts', line: 4, kind: 'listen' }]);
  });

  it('knows any local name of express, imported or required', () => {
    expect(sites({ 'src/a.ts': `import * as ex from 'express';\nconst app = ex();\napp.listen(1);\n` })).toEqual([{ file: 'src/a.ts', line: 3, kind: 'listen' }]);
    expect(sites({ 'src/b.js': `const makeApp = require('express');\nconst app = makeApp();\napp.listen(1);\n` })).toEqual([{ file: 'src/b.js', line: 3, kind: 'listen' }]);
    expect(sites({ 'src/c.ts': `import e = require('express');\nconst app = e();\napp.listen(1);\n` })).toEqual([{ file: 'src/c.ts', line: 3, kind: 'listen' }]);
  });

  it('finds express().listen() called directly', () => {
    expect(sites({ 'src/index.ts': `import express from 'express';\nexpress().listen(3000);\n` })).toEqual([{ file: 'src/index.ts', line: 2, kind: 'listen' }]);
  });

  it('finds a generic x.listen<T>(...) call', () => {
    expect(sites({ 'src/index.ts': `import express from 'express';\nconst app = express();\napp.listen<number>(3000);\n` })).toEqual([
      { file: 'src/index.ts', line: 3, kind: 'listen' },
    ]);
  });
});

describe('findServerSites: createServer', () => {
  const expectCreateServer = (text: string, line: number, file = 'src/index.ts') =>
    expect(sites({ [file]: text })).toEqual([{ file, line, kind: 'create-server' }]);

  it('reports http.createServer(app) assigned then listened (default import of http)', () => {
    expectCreateServer(`import http from 'http';\nimport express from 'express';\nconst app = express();\nconst server = http.createServer(app);\nserver.listen(3000);\n`, 4);
  });

  it('reports createServer imported by name from node:http', () => {
    expectCreateServer(`import { createServer } from 'node:http';\nimport express from 'express';\nconst app = express();\n\nconst server = createServer(app);\nserver.listen(3000, () => {});\n`, 5);
  });

  it('reports createServer through a namespace import', () => {
    expectCreateServer(`import * as http from 'node:http';\nconst server = http.createServer((req, res) => res.end());\nserver.listen(3000);\n`, 2);
  });

  it("reports createServer with const http = require('http')", () => {
    expectCreateServer(`const express = require('express');\nconst http = require('http');\nconst app = express();\nconst server = http.createServer(app);\nserver.listen(3000);\n`, 4, 'src/index.js');
  });

  it("reports require('node:https') and a destructured require", () => {
    expectCreateServer(`const https = require('node:https');\nconst server = https.createServer({}, handler);\nserver.listen(443);\n`, 2, 'src/index.js');
    expectCreateServer(`const { createServer: cs } = require('http');\nconst server = cs(handler);\nserver.listen(80);\n`, 2, 'src/index.js');
  });

  it("reports require('http').Server(app) and new Server(app)", () => {
    expectCreateServer(`const app = require('express')();\nconst server = require('http').Server(app);\nserver.listen(80);\n`, 2, 'src/index.js');
    expectCreateServer(`import { Server } from 'node:http';\nconst server = new Server(handler);\nserver.listen(80);\n`, 2);
  });

  it('reports a server assigned later to a let', () => {
    expectCreateServer(`import http from 'node:http';\nlet server;\nserver = http.createServer(handler);\nserver.listen(80);\n`, 3);
  });

  it('reports a top-level server exported and listened elsewhere', () => {
    expectCreateServer(`import http from 'node:http';\nimport { app } from './app';\nexport const server = http.createServer(app);\n`, 3, 'src/server.ts');
  });

  it('reports the listen of a chained http.createServer(app).listen(...)', () => {
    expect(sites({ 'src/index.ts': `import http from 'http';\nimport express from 'express';\nconst app = express();\nhttp.createServer(app).listen(3000);\n` })).toEqual([
      { file: 'src/index.ts', line: 4, kind: 'listen' },
    ]);
  });

  it("reports require('http').createServer(app).listen(...) inline", () => {
    expect(sites({ 'src/index.js': `require('http').createServer(handler).listen(3000);\n` })).toEqual([{ file: 'src/index.js', line: 1, kind: 'listen' }]);
  });
});

describe('findServerSites: where the listen is', () => {
  it('inside async function bootstrap()', () => {
    const text = `import express from 'express';\nasync function bootstrap() {\n  const app = express();\n  await connectDb();\n  app.listen(3000);\n}\nbootstrap();\n`;
    expect(sites({ 'src/main.ts': text })).toEqual([{ file: 'src/main.ts', line: 5, kind: 'listen' }]);
  });

  it('inside .then(() => { app.listen(...) })', () => {
    const text = `import express from 'express';\nconst app = express();\nconnectDb().then(() => {\n  app.listen(3000);\n});\n`;
    expect(sites({ 'src/index.ts': text })).toEqual([{ file: 'src/index.ts', line: 4, kind: 'listen' }]);
  });

  it('inside if (require.main === module)', () => {
    const text = `const express = require('express');\nconst app = express();\nmodule.exports = app;\nif (require.main === module) {\n  app.listen(process.env.PORT || 3000);\n}\n`;
    expect(sites({ 'src/app.js': text })).toEqual([{ file: 'src/app.js', line: 5, kind: 'listen' }]);
  });

  it('inside a promise callback on a server created in the same function', () => {
    const text = `import http from 'node:http';\nexport async function start(app: http.RequestListener) {\n  const server = http.createServer(app);\n  await new Promise<void>((resolve) => server.listen(3000, resolve));\n  return server;\n}\n`;
    expect(sites({ 'src/index.ts': text })).toEqual([{ file: 'src/index.ts', line: 3, kind: 'create-server' }]);
  });

  it('on this.app in a class', () => {
    const text = `import express, { type Express } from 'express';\nexport class Server {\n  private app: Express;\n  constructor() {\n    this.app = express();\n  }\n  start() {\n    this.app.listen(3000);\n  }\n}\n`;
    expect(sites({ 'src/server.ts': text })).toEqual([{ file: 'src/server.ts', line: 8, kind: 'listen' }]);
  });

  it('on a parameter typed as an express app', () => {
    const text = `import type { Express } from 'express';\nexport function start(app: Express) {\n  app.listen(3000);\n}\n`;
    expect(sites({ 'src/start.ts': text })).toEqual([{ file: 'src/start.ts', line: 3, kind: 'listen' }]);
  });
});

describe('findServerSites: factories in other modules (followed one level)', () => {
  it('an app built by createApp() in ./app', () => {
    const index = `import { createApp } from './app';\n\nconst app = createApp();\napp.listen(3000);\n`;
    expect(sites({ 'src/index.ts': index, 'src/app.ts': APP_TS })).toEqual([{ file: 'src/index.ts', line: 4, kind: 'listen' }]);
  });

  it('a NodeNext ./app.js specifier resolving to app.ts, with an async factory', () => {
    const app = `import express from 'express';\nexport const createApp = async () => express();\n`;
    const index = `import { createApp } from './app.js';\nconst app = await createApp();\napp.listen(3000);\n`;
    expect(sites({ 'src/index.ts': index, 'src/app.ts': app })).toEqual([{ file: 'src/index.ts', line: 3, kind: 'listen' }]);
  });

  it('an app exported as a value (named, default, module.exports)', () => {
    const named = `import express from 'express';\nexport const app = express();\n`;
    expect(sites({ 'src/index.ts': `import { app } from './app';\napp.listen(3000);\n`, 'src/app.ts': named })).toEqual([
      { file: 'src/index.ts', line: 2, kind: 'listen' },
    ]);
    const dflt = `import express from 'express';\nconst app = express();\nexport default app;\n`;
    expect(sites({ 'src/index.ts': `import app from './app';\napp.listen(3000);\n`, 'src/app.ts': dflt })).toEqual([
      { file: 'src/index.ts', line: 2, kind: 'listen' },
    ]);
    const cjs = `const express = require('express');\nconst app = express();\nmodule.exports = app;\n`;
    expect(sites({ 'index.js': `const app = require('./app');\n\napp.listen(3000);\n`, 'app.js': cjs })).toEqual([
      { file: 'index.js', line: 3, kind: 'listen' },
    ]);
  });

  it('a CommonJS factory required by name and a namespace import', () => {
    const cjs = `const express = require('express');\nfunction createApp() { return express(); }\nmodule.exports = { createApp };\n`;
    expect(sites({ 'index.js': `const { createApp } = require('./lib/app');\ncreateApp().listen(3000);\n`, 'lib/app.js': cjs })).toEqual([
      { file: 'index.js', line: 2, kind: 'listen' },
    ]);
    expect(sites({ 'src/index.ts': `import * as factory from './app';\nfactory.createApp().listen(3000);\n`, 'src/app.ts': APP_TS })).toEqual([
      { file: 'src/index.ts', line: 2, kind: 'listen' },
    ]);
  });

  it('an http.Server created by a factory in another module: createServer().listen(3000)', () => {
    const server = `import http from 'node:http';\nimport { createApp } from './app';\nexport function createServer() {\n  return http.createServer(createApp());\n}\n`;
    const index = `import { createServer } from './server';\n\ncreateServer().listen(3000);\n`;
    expect(sites({ 'src/index.ts': index, 'src/server.ts': server, 'src/app.ts': APP_TS })).toEqual([
      { file: 'src/index.ts', line: 3, kind: 'listen' },
    ]);
  });

  it('follows only one level of imports', () => {
    const app = `import { build } from './build';\nexport function createApp() { return build(); }\n`;
    const build = `import express from 'express';\nexport function build() { return express(); }\n`;
    expect(sites({ 'src/index.ts': `import { createApp } from './app';\ncreateApp().listen(3000);\n`, 'src/app.ts': app, 'src/build.ts': build })).toEqual([]);
  });

  it('searches only the files it is given and reports them in that order', () => {
    const files = {
      'src/a.ts': `import express from 'express';\nexpress().listen(1);\n`,
      'src/b.ts': `import express from 'express';\n\nexpress().listen(2);\n`,
    };
    expect(sites(files, ['src/b.ts', 'src/a.ts'])).toEqual([
      { file: 'src/b.ts', line: 3, kind: 'listen' },
      { file: 'src/a.ts', line: 2, kind: 'listen' },
    ]);
    expect(sites(files, ['src/a.ts'])).toEqual([{ file: 'src/a.ts', line: 2, kind: 'listen' }]);
  });
});

describe('findServerSites: negatives', () => {
  it('ignores a router file', () => {
    const text = `import express from 'express';\nconst router = express.Router();\nrouter.get('/', (req, res) => res.send('ok'));\nexport default router;\n`;
    expect(sites({ 'src/routes/users.ts': text })).toEqual([]);
  });

  it('ignores listen on things that are not HTTP servers', () => {
    const text = `import { EventEmitter } from 'node:events';\nimport { Server } from 'socket.io';\nimport { createServer } from 'vite';\nconst emitter = new EventEmitter();\nemitter.listen();\nredis.listen('channel');\nconst io = new Server();\nio.listen(3000);\nconst vite = await createServer();\nvite.listen();\n`;
    expect(sites({ 'src/index.ts': text })).toEqual([]);
  });

  it('ignores a listen on an untyped parameter', () => {
    expect(sites({ 'src/a.ts': `export function start(thing) {\n  thing.listen(3000);\n}\n` })).toEqual([]);
  });
});

describe('findServerSites: reported text', () => {
  it('carries the call text, whitespace collapsed', () => {
    const project = createAnalysisProject({ inMemory: true });
    project.createSourceFile('/app/i.ts', `import express from 'express';\nconst app = express();\napp.listen(3000,\n  () => {});\n`);
    const [site] = findServerSites(project, ['/app/i.ts']);
    expect(site).toMatchObject({ file: '/app/i.ts', line: 3, kind: 'listen', text: 'app.listen(3000, () => {})', origin: 'express' });
  });
});
