import { ts } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { unwireAttach, wireAttach, type WireInput } from '../../src/wire/index.js';

/** Joins lines with LF and a final newline, so expected texts read like the files they are. */
const src = (...lines: string[]): string => `${lines.join('\n')}\n`;
const crlf = (text: string): string => text.replace(/\n/g, '\r\n');

type Case = {
  name: string;
  file?: string;
  line: number;
  kind?: WireInput['site']['kind'];
  style?: WireInput['style'];
  spec?: string;
  before: string;
  after: string;
  /** Original lines the edit may rewrite (the server line itself for captures). */
  rewritten?: number;
};

function input(c: Pick<Case, 'file' | 'line' | 'kind' | 'style' | 'spec'> & { text: string }): WireInput {
  return {
    text: c.text,
    fileName: c.file ?? 'src/index.ts',
    site: { line: c.line, kind: c.kind ?? 'listen' },
    importSpecifier: c.spec ?? './ws/server',
    style: c.style ?? 'import',
  };
}

function wired(c: Case): string {
  const result = wireAttach(input({ ...c, text: c.before }));
  if (result.action !== 'added') throw new Error(`expected added, got ${JSON.stringify(result)}`);
  return result.text;
}

/** Syntax errors as the TypeScript parser reports them (no type checking). */
function syntaxErrors(text: string, fileName: string): string[] {
  const out = ts.transpileModule(text, { fileName, reportDiagnostics: true, compilerOptions: { allowJs: true } });
  return (out.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '));
}

/** Every original line (with its line ending) is still there, in order, except `rewritten` of them. */
function expectMinimal(before: string, after: string, rewritten: number): void {
  const lines = (t: string) => t.split(/(?<=\n)/);
  const out = lines(after);
  let at = 0;
  const missing: string[] = [];
  for (const line of lines(before)) {
    const found = out.indexOf(line, at);
    if (found === -1) missing.push(line);
    else at = found + 1;
  }
  expect(missing.length, `lines changed: ${JSON.stringify(missing)}`).toBeLessThanOrEqual(rewritten);
}

const cases: Case[] = [
  {
    name: 'TS + ESM, single quotes, semicolons, 2 spaces: app.listen(...) statement is captured',
    line: 9,
    rewritten: 1,
    before: src(
      "import express from 'express';",
      "import { router } from './routes';",
      '',
      'const app = express();',
      "app.use('/api', router);",
      '',
      'const PORT = Number(process.env.PORT ?? 3000);',
      '',
      'app.listen(PORT, () => {',
      '  console.log(`listening on ${PORT}`);',
      '});',
    ),
    after: src(
      "import express from 'express';",
      "import { router } from './routes';",
      "import { attachWebSocketServer } from './ws/server';",
      '',
      'const app = express();',
      "app.use('/api', router);",
      '',
      'const PORT = Number(process.env.PORT ?? 3000);',
      '',
      'const server = app.listen(PORT, () => {',
      '  console.log(`listening on ${PORT}`);',
      '});',
      'attachWebSocketServer(server);',
    ),
  },
  {
    name: 'JS + require, double quotes, semicolons: const server = app.listen(...)',
    file: 'index.js',
    style: 'require',
    line: 8,
    before: src(
      '"use strict";',
      'const express = require("express");',
      'const path = require("path");',
      '',
      'const app = express();',
      'app.use(express.static(path.join(__dirname, "public")));',
      '',
      'const server = app.listen(3000);',
      'process.on("SIGTERM", () => server.close());',
    ),
    after: src(
      '"use strict";',
      'const express = require("express");',
      'const path = require("path");',
      'const { attachWebSocketServer } = require("./ws/server");',
      '',
      'const app = express();',
      'app.use(express.static(path.join(__dirname, "public")));',
      '',
      'const server = app.listen(3000);',
      'attachWebSocketServer(server);',
      'process.on("SIGTERM", () => server.close());',
    ),
  },
  {
    name: 'single quotes without semicolons: http.createServer(app).listen(...) statement',
    line: 5,
    rewritten: 1,
    before: src(
      "import http from 'node:http'",
      "import { app } from './app'",
      '',
      'const port = 8080',
      "http.createServer(app).listen(port, () => console.log('up'))",
    ),
    after: src(
      "import http from 'node:http'",
      "import { app } from './app'",
      "import { attachWebSocketServer } from './ws/server'",
      '',
      'const port = 8080',
      "const server = http.createServer(app).listen(port, () => console.log('up'))",
      'attachWebSocketServer(server)',
    ),
  },
  {
    name: 'tabs: awaited listen inside async function bootstrap()',
    line: 6,
    rewritten: 1,
    spec: './ws/server.js',
    before: src(
      "import express from 'express';",
      '',
      'async function bootstrap() {',
      '\tconst app = express();',
      '\tawait connectDb();',
      '\tawait app.listen(3000);',
      '}',
      '',
      'void bootstrap();',
    ),
    after: src(
      "import express from 'express';",
      "import { attachWebSocketServer } from './ws/server.js';",
      '',
      'async function bootstrap() {',
      '\tconst app = express();',
      '\tawait connectDb();',
      '\tconst server = await app.listen(3000);',
      '\tattachWebSocketServer(server);',
      '}',
      '',
      'void bootstrap();',
    ),
  },
  {
    name: '4 spaces: inside if (require.main === module) { ... }',
    file: 'server.js',
    style: 'require',
    line: 6,
    rewritten: 1,
    before: src(
      "const express = require('express');",
      'const app = express();',
      'module.exports = app;',
      '',
      'if (require.main === module) {',
      "    app.listen(process.env.PORT || 3000, () => console.log('ready'));",
      '}',
    ),
    after: src(
      "const express = require('express');",
      "const { attachWebSocketServer } = require('./ws/server');",
      'const app = express();',
      'module.exports = app;',
      '',
      'if (require.main === module) {',
      "    const server = app.listen(process.env.PORT || 3000, () => console.log('ready'));",
      '    attachWebSocketServer(server);',
      '}',
    ),
  },
  {
    name: 'CRLF: const server = http.createServer(app) (create-server) stays CRLF',
    kind: 'create-server',
    line: 5,
    before: crlf(
      src(
        "import { createServer } from 'node:http';",
        "import app from './app';",
        '',
        '// the HTTP server',
        'const server = createServer(app);',
        'server.listen(3000);',
      ),
    ),
    after: crlf(
      src(
        "import { createServer } from 'node:http';",
        "import app from './app';",
        "import { attachWebSocketServer } from './ws/server';",
        '',
        '// the HTTP server',
        'const server = createServer(app);',
        'attachWebSocketServer(server);',
        'server.listen(3000);',
      ),
    ),
  },
  {
    name: 'export const server = http.createServer(app)',
    kind: 'create-server',
    line: 4,
    before: src(
      "import * as http from 'http';",
      "import { app } from './app';",
      '',
      'export const server = http.createServer(app);',
      '',
      'server.listen(3000);',
    ),
    after: src(
      "import * as http from 'http';",
      "import { app } from './app';",
      "import { attachWebSocketServer } from './ws/server';",
      '',
      'export const server = http.createServer(app);',
      'attachWebSocketServer(server);',
      '',
      'server.listen(3000);',
    ),
  },
  {
    name: 'assignment to an existing variable: server = app.listen(...)',
    line: 5,
    before: src(
      "import type { Server } from 'http';",
      "import { app } from './app';",
      '',
      'let server: Server;',
      'server = app.listen(3000);',
      'export { server };',
    ),
    after: src(
      "import type { Server } from 'http';",
      "import { app } from './app';",
      "import { attachWebSocketServer } from './ws/server';",
      '',
      'let server: Server;',
      'server = app.listen(3000);',
      'attachWebSocketServer(server);',
      'export { server };',
    ),
  },
  {
    name: 'assignment to a property in a class method: this.server = this.app.listen(...)',
    line: 7,
    before: src(
      "import express from 'express';",
      "import type { Server } from 'http';",
      '',
      'export class App {',
      '  server?: Server;',
      '  start(port: number) {',
      '    this.server = express().listen(port);',
      '  }',
      '}',
    ),
    after: src(
      "import express from 'express';",
      "import type { Server } from 'http';",
      "import { attachWebSocketServer } from './ws/server';",
      '',
      'export class App {',
      '  server?: Server;',
      '  start(port: number) {',
      '    this.server = express().listen(port);',
      '    attachWebSocketServer(this.server);',
      '  }',
      '}',
    ),
  },
  {
    name: 'return app.listen(...) in a function',
    line: 5,
    rewritten: 1,
    before: src(
      "import { createApp } from './app';",
      '',
      'export function start(port = 3000) {',
      '  const app = createApp();',
      '  return app.listen(port);',
      '}',
    ),
    after: src(
      "import { createApp } from './app';",
      "import { attachWebSocketServer } from './ws/server';",
      '',
      'export function start(port = 3000) {',
      '  const app = createApp();',
      '  const server = app.listen(port);',
      '  attachWebSocketServer(server);',
      '  return server;',
      '}',
    ),
  },
  {
    name: 'inside a .then(() => { ... }) callback block',
    file: 'src/main.js',
    style: 'require',
    line: 6,
    rewritten: 1,
    before: src(
      "const app = require('./app')",
      "const db = require('./db')",
      '',
      'db.connect()',
      '  .then(() => {',
      '    app.listen(3000)',
      '  })',
      '  .catch(console.error)',
    ),
    after: src(
      "const app = require('./app')",
      "const db = require('./db')",
      "const { attachWebSocketServer } = require('./ws/server')",
      '',
      'db.connect()',
      '  .then(() => {',
      '    const server = app.listen(3000)',
      '    attachWebSocketServer(server)',
      '  })',
      '  .catch(console.error)',
    ),
  },
  {
    name: 'one-line arrow with an expression body becomes a block that still returns the server',
    line: 4,
    rewritten: 1,
    before: src(
      "import { app } from './app';",
      "import { connect } from './db';",
      '',
      'connect().then(() => app.listen(3000));',
    ),
    after: src(
      "import { app } from './app';",
      "import { connect } from './db';",
      "import { attachWebSocketServer } from './ws/server';",
      '',
      'connect().then(() => {',
      '  const server = app.listen(3000);',
      '  attachWebSocketServer(server);',
      '  return server;',
      '});',
    ),
  },
  {
    name: 'arrow body block with 4-space indent nested in a chain',
    file: 'main.mjs',
    line: 5,
    rewritten: 1,
    before: src(
      "import app from './app.mjs';",
      "import { migrate } from './db.mjs';",
      '',
      'migrate()',
      '    .then(async () => app.listen(3000))',
      '    .catch((err) => process.exit(1));',
    ),
    after: src(
      "import app from './app.mjs';",
      "import { migrate } from './db.mjs';",
      "import { attachWebSocketServer } from './ws/server';",
      '',
      'migrate()',
      '    .then(async () => {',
      '        const server = app.listen(3000);',
      '        attachWebSocketServer(server);',
      '        return server;',
      '    })',
      '    .catch((err) => process.exit(1));',
    ),
  },
  {
    name: 'listen(...).on(...) chain is still the server',
    line: 3,
    rewritten: 1,
    before: src("import { app } from './app';", '', "app.listen(3000).on('error', onError);"),
    after: src(
      "import { app } from './app';",
      "import { attachWebSocketServer } from './ws/server';",
      '',
      "const server = app.listen(3000).on('error', onError);",
      'attachWebSocketServer(server);',
    ),
  },
  {
    name: 'multi-line chain, site line on .listen; trailing comment stays on its line',
    line: 6,
    rewritten: 1,
    before: src(
      "import http from 'http';",
      "import { app } from './app';",
      '',
      'http',
      '  .createServer(app)',
      '  .listen(3000); // start',
      'console.log("ok");',
    ),
    after: src(
      "import http from 'http';",
      "import { app } from './app';",
      "import { attachWebSocketServer } from './ws/server';",
      '',
      'const server = http',
      '  .createServer(app)',
      '  .listen(3000); // start',
      'attachWebSocketServer(server);',
      'console.log("ok");',
    ),
  },
  {
    name: 'server name taken: httpServer; property names such as config.server do not count',
    line: 5,
    rewritten: 1,
    before: src(
      "import { app, config } from './app';",
      "import { server as graphql } from './graphql';",
      '',
      'graphql.start(config.server.port);',
      'app.listen(config.server.port);',
    ),
    after: src(
      "import { app, config } from './app';",
      "import { server as graphql } from './graphql';",
      "import { attachWebSocketServer } from './ws/server';",
      '',
      'graphql.start(config.server.port);',
      'const httpServer = app.listen(config.server.port);',
      'attachWebSocketServer(httpServer);',
    ),
  },
  {
    name: 'server and httpServer taken: wsHttpServer',
    line: 3,
    rewritten: 1,
    before: src('const server = 1;', 'function httpServer() {}', 'app.listen(server);'),
    after: src(
      "import { attachWebSocketServer } from './ws/server';",
      'const server = 1;',
      'function httpServer() {}',
      'const wsHttpServer = app.listen(server);',
      'attachWebSocketServer(wsHttpServer);',
    ),
  },
  {
    name: 'no imports: import goes after the shebang and leading comments',
    line: 4,
    rewritten: 1,
    before: src('#!/usr/bin/env node', '// Entry point.', '', 'createApp().listen(3000);'),
    after: src(
      '#!/usr/bin/env node',
      '// Entry point.',
      '',
      "import { attachWebSocketServer } from './ws/server';",
      'const server = createApp().listen(3000);',
      'attachWebSocketServer(server);',
    ),
  },
  {
    name: "require style, no requires: after 'use strict'",
    file: 'index.cjs',
    style: 'require',
    line: 3,
    rewritten: 1,
    before: src("'use strict';", '', 'global.app.listen(3000);'),
    after: src(
      "'use strict';",
      "const { attachWebSocketServer } = require('./ws/server');",
      '',
      'const server = global.app.listen(3000);',
      'attachWebSocketServer(server);',
    ),
  },
  {
    name: 'require style: a require placed after the server call is not an anchor (it would run too late)',
    file: 'index.js',
    style: 'require',
    line: 3,
    rewritten: 1,
    before: src("const app = require('./app');", '', 'app.listen(3000);', '', "const late = require('./late');"),
    after: src(
      "const app = require('./app');",
      "const { attachWebSocketServer } = require('./ws/server');",
      '',
      'const server = app.listen(3000);',
      'attachWebSocketServer(server);',
      '',
      "const late = require('./late');",
    ),
  },
  {
    name: 'byte order mark and no imports: the import goes after the BOM',
    line: 1,
    rewritten: 1,
    before: '\uFEFFapp.listen(3000);\n',
    after: "\uFEFFimport { attachWebSocketServer } from './ws/server';\nconst server = app.listen(3000);\nattachWebSocketServer(server);\n",
  },
  {
    name: 'multi-line last import: the new import goes after its closing line',
    line: 6,
    before: src(
      'import {',
      '  createServer,',
      '  type Server,',
      "} from 'node:http'; // core",
      '',
      'const server: Server = createServer(app);',
    ),
    after: src(
      'import {',
      '  createServer,',
      '  type Server,',
      "} from 'node:http'; // core",
      "import { attachWebSocketServer } from './ws/server';",
      '',
      'const server: Server = createServer(app);',
      'attachWebSocketServer(server);',
    ),
    kind: 'create-server',
  },
  {
    name: 'type assertions and parentheses around the call are looked through',
    line: 3,
    rewritten: 1,
    before: src("import type { Server } from 'http';", 'let s: Server;', 's = app.listen(3000) as Server;', 'export function f() {', '  return (app.listen(1)!);', '}'),
    after: src(
      "import type { Server } from 'http';",
      "import { attachWebSocketServer } from './ws/server';",
      'let s: Server;',
      's = app.listen(3000) as Server;',
      'attachWebSocketServer(s);',
      'export function f() {',
      '  return (app.listen(1)!);',
      '}',
    ),
  },
  {
    name: 'parenthesized return is captured as it is',
    line: 2,
    rewritten: 1,
    before: src('export function f() {', '  return (app.listen(1)!);', '}'),
    after: src(
      "import { attachWebSocketServer } from './ws/server';",
      'export function f() {',
      '  const server = (app.listen(1)!);',
      '  attachWebSocketServer(server);',
      '  return server;',
      '}',
    ),
  },
  {
    name: 'switch case clause, file without a final newline',
    line: 4,
    rewritten: 1,
    before: "import { app } from './app';\nswitch (mode) {\n  case 'http':\n    app.listen(80);\n}",
    after:
      "import { app } from './app';\nimport { attachWebSocketServer } from './ws/server';\nswitch (mode) {\n  case 'http':\n    const server = app.listen(80);\n    attachWebSocketServer(server);\n}",
  },
];

describe('wireAttach: shapes', () => {
  for (const c of cases) {
    it(c.name, () => {
      const after = wired(c);
      expect(after).toBe(c.after);
      expect(syntaxErrors(after, c.file ?? 'src/index.ts')).toEqual([]);
      expectMinimal(c.before, after, c.rewritten ?? 0);
    });
  }

  it('the minimal-edit check itself notices a rewritten line', () => {
    expect(() => expectMinimal(src('a;', 'b;'), src('a;', 'c;', 'b ;'), 0)).toThrow();
  });

  it('keeps a CRLF file CRLF (no lone LF added)', () => {
    const c = cases.find((x) => x.name.startsWith('CRLF'))!;
    expect(wired(c).replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('uses attachName when given', () => {
    const result = wireAttach({ ...input({ line: 1, text: 'app.listen(1);\n' }), attachName: 'attachWs' });
    expect(result).toEqual({
      action: 'added',
      text: "import { attachWs } from './ws/server';\nconst server = app.listen(1);\nattachWs(server);\n",
    });
  });
});

describe('wireAttach: idempotence and partial states', () => {
  for (const c of cases) {
    it(`second run is unchanged and byte-identical: ${c.name}`, () => {
      const once = wired(c);
      expect(wireAttach(input({ ...c, text: once }))).toEqual({ action: 'unchanged', text: once });
    });
  }

  it('import present, call missing: adds only the call', () => {
    const before = src("import { attachWebSocketServer } from './ws/server';", "import { app } from './app';", '', 'app.listen(3000);');
    expect(wireAttach(input({ line: 4, text: before }))).toEqual({
      action: 'added',
      text: src("import { attachWebSocketServer } from './ws/server';", "import { app } from './app';", '', 'const server = app.listen(3000);', 'attachWebSocketServer(server);'),
    });
  });

  it('require present, call missing: adds only the call', () => {
    const before = src("const { attachWebSocketServer } = require('./ws/server');", 'const server = app.listen(3000);');
    expect(wireAttach(input({ line: 2, text: before, style: 'require', file: 'a.js' }))).toEqual({
      action: 'added',
      text: src("const { attachWebSocketServer } = require('./ws/server');", 'const server = app.listen(3000);', 'attachWebSocketServer(server);'),
    });
  });

  it('call present (even without our import, e.g. a local helper): unchanged, no import added', () => {
    const before = src('function attachWebSocketServer(s: unknown) {}', 'const server = app.listen(3000);', 'attachWebSocketServer(server);');
    expect(wireAttach(input({ line: 2, text: before }))).toEqual({ action: 'unchanged', text: before });
  });

  it('call present elsewhere (not next to the site): unchanged', () => {
    const before = src("import * as ws from './ws/server';", 'const server = app.listen(3000);', 'setup(() => ws.attachWebSocketServer(server));');
    expect(wireAttach(input({ line: 2, text: before }))).toEqual({ action: 'unchanged', text: before });
  });
});

describe('wireAttach: skipped shapes say why and change nothing', () => {
  const skip = (text: string, line: number, extra: Partial<Case> = {}) => wireAttach(input({ text, line, ...extra }));

  it('listen inside a ternary', () => {
    expect(skip(src('const s = prod ? app.listen(80) : app.listen(3000);'), 1)).toEqual({
      action: 'skipped',
      reason: 'src/index.ts:1: expected a listen() or createServer() call statement, found "const s = prod ? app.listen(80) : app.listen(3000);" (the call is part of a conditional (?:) expression)',
    });
  });

  it('listen as an argument of another call', () => {
    expect(skip(src('track(app.listen(3000));'), 1)).toEqual({
      action: 'skipped',
      reason: 'src/index.ts:1: expected a listen() or createServer() call statement, found "track(app.listen(3000));" (the call is an argument of another call)',
    });
  });

  it('a class property initializer', () => {
    expect(skip(src('class A {', '  s = app.listen(3000);', '}'), 2)).toMatchObject({ reason: expect.stringContaining('(the call is a class property initializer)') });
  });

  it('export default app.listen(...)', () => {
    expect(skip(src('export default app.listen(3000);'), 1)).toMatchObject({
      reason: expect.stringContaining('(the call is the value of export default)'),
    });
  });

  it('arrow function whose body spans several lines', () => {
    const text = src('start().then(() => app.listen(3000, () => {', "  console.log('up');", '}));');
    expect(skip(text, 1)).toEqual({
      action: 'skipped',
      reason: 'src/index.ts:1: expected a listen() or createServer() call statement, found "start().then(() => app.listen(3000, () => {" (the body of an arrow function that spans several lines; give it a block body { ... } and run again)',
    });
  });

  it('if without braces', () => {
    expect(skip(src('if (require.main === module) app.listen(3000);'), 1)).toEqual({
      action: 'skipped',
      reason: 'src/index.ts:1: expected a listen() or createServer() call statement, found "app.listen(3000);" (the statement is not inside a { } block; add braces around it and run again)',
    });
  });

  it('more code on the same line', () => {
    expect(skip(src("app.listen(3000); console.log('up');"), 1)).toMatchObject({
      action: 'skipped',
      reason: expect.stringContaining('(more code follows it on the same line)'),
    });
  });

  it('destructured result', () => {
    expect(skip(src('const { address } = app.listen(3000);'), 1)).toMatchObject({
      action: 'skipped',
      reason: expect.stringContaining('(the server is not assigned to a plain variable)'),
    });
  });

  it('no call of the expected kind on that line', () => {
    expect(skip(src('const app = express();', 'app.get("/", handler);'), 2)).toEqual({
      action: 'skipped',
      reason: 'src/index.ts:2: expected a listen() or createServer() call statement, found "app.get("/", handler);" (no listen() call on that line)',
    });
    expect(skip(src('app.listen(3000);'), 1, { kind: 'create-server' })).toMatchObject({
      reason: expect.stringContaining('(no createServer() call on that line)'),
    });
  });

  it('line past the end of the file', () => {
    expect(skip(src('app.listen(3000);'), 40)).toEqual({
      action: 'skipped',
      reason: 'src/index.ts:40: expected a listen() or createServer() call statement, found "" (no such line: the file has 1 line)',
    });
    expect(skip(src('app.listen(3000);'), 0)).toMatchObject({ reason: expect.stringContaining('(no such line: the file has 1 line)') });
  });

  it('a file that does not parse', () => {
    expect(skip(src('app.listen(3000', 'const = ;'), 1)).toMatchObject({
      action: 'skipped',
      reason: expect.stringMatching(/^src\/index\.ts: cannot parse it \(line \d+: .+\); fix the syntax error and run again$/),
    });
  });
});

describe('unwireAttach', () => {
  const unwire = (text: string, extra: Partial<Case> = {}) => {
    const { site: _site, ...rest } = input({ text, line: 1, ...extra });
    return unwireAttach(rest);
  };

  for (const c of cases) {
    it(`restores the original byte for byte: ${c.name}`, () => {
      const result = unwire(wired(c), c);
      expect(result).toEqual({ action: 'removed', text: c.before });
    });
  }

  it('restores after an import-only partial state too', () => {
    const before = src("import { attachWebSocketServer } from './ws/server';", 'app.listen(3000);');
    const once = wireAttach(input({ line: 2, text: before }));
    expect(once.action).toBe('added');
    expect(unwire((once as { text: string }).text)).toEqual({ action: 'removed', text: src('app.listen(3000);') });
  });

  it('keeps the user\'s own server variable when it is used elsewhere', () => {
    const text = src("import { attachWebSocketServer } from './ws/server';", 'const server = app.listen(3000);', 'attachWebSocketServer(server);', 'server.close();');
    expect(unwire(text)).toEqual({ action: 'removed', text: src('const server = app.listen(3000);', 'server.close();') });
  });

  it('leaves an import that also brings other names', () => {
    const text = src("import { attachWebSocketServer, wss } from './ws/server';", 'const s = app.listen(3000);', 'attachWebSocketServer(s);');
    expect(unwire(text)).toEqual({ action: 'removed', text: src("import { attachWebSocketServer, wss } from './ws/server';", 'const s = app.listen(3000);') });
  });

  it('a second unwire is unchanged', () => {
    const c = cases[0]!;
    const once = unwire(wired(c), c);
    expect(unwire((once as { text: string }).text, c)).toEqual({ action: 'unchanged', text: c.before });
  });

  it('nothing of ours: unchanged', () => {
    const text = src("import express from 'express';", 'express().listen(3000);');
    expect(unwire(text)).toEqual({ action: 'unchanged', text });
  });

  it('known limit: an unused `const server = app.listen()` the user wrote collapses to the bare call', () => {
    // wire adds only the attach line here, but unwire cannot tell this capture from its own;
    // the result is equivalent code (the variable was unused).
    const before = src('const server = app.listen(3000);');
    const once = wireAttach(input({ line: 1, text: before }));
    expect(unwire((once as { text: string }).text)).toEqual({ action: 'removed', text: src('app.listen(3000);') });
  });
});
