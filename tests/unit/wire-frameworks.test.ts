// Wiring where listen() does not return the server (Fastify `app.server`, NestJS `app.getHttpServer()`)
// and where Hono's serve() returns it typed as a union.
import { describe, expect, it } from 'vitest';
import { unwireAttach, wireAttach, type WireInput } from '../../src/wire/index.js';

const src = (...lines: string[]): string => `${lines.join('\n')}\n`;

function wire(text: string, site: WireInput['site'], fileName = 'src/index.ts', style: WireInput['style'] = 'import') {
  return wireAttach({ text, fileName, site, importSpecifier: './ws/server', style });
}

describe('wireAttach through the receiver (Fastify, NestJS)', () => {
  it('adds attach(app.server) after `await app.listen({...})` inside try, keeping the file formatting', () => {
    const before = src(
      "import Fastify from 'fastify'",
      '',
      'const app = Fastify()',
      'async function main () {',
      '  try {',
      '    await app.listen({ port: 3000 })',
      '  } catch (err) {',
      '    process.exit(1)',
      '  }',
      '}',
    );
    const r = wire(before, { line: 6, kind: 'listen', receiverMember: '.server' });
    expect(r).toEqual({
      action: 'added',
      text: src(
        "import Fastify from 'fastify'",
        "import { attachWebSocketServer } from './ws/server'",
        '',
        'const app = Fastify()',
        'async function main () {',
        '  try {',
        '    await app.listen({ port: 3000 })',
        '    attachWebSocketServer(app.server)',
        '  } catch (err) {',
        '    process.exit(1)',
        '  }',
        '}',
      ),
    });
  });

  it('adds attach(app.getHttpServer()) after a NestJS listen, and remove takes it out again byte for byte', () => {
    const before = src(
      "import { NestFactory } from '@nestjs/core';",
      "import { AppModule } from './app.module';",
      '',
      'async function bootstrap() {',
      '  const app = await NestFactory.create(AppModule);',
      '  await app.listen(3000);',
      '}',
      'bootstrap();',
    );
    const r = wire(before, { line: 6, kind: 'listen', receiverMember: '.getHttpServer()' });
    expect(r.action).toBe('added');
    const text = (r as { text: string }).text;
    expect(text).toContain('  await app.listen(3000);\n  attachWebSocketServer(app.getHttpServer());\n}');
    expect(wire(text, { line: 7, kind: 'listen', receiverMember: '.getHttpServer()' }).action).toBe('unchanged');
    expect(unwireAttach({ text, fileName: 'src/main.ts', importSpecifier: './ws/server', style: 'import' })).toEqual({ action: 'removed', text: before });
  });

  it('puts the call before a `return app.listen(...)` (the server exists before listening)', () => {
    const before = src("const fastify = require('fastify')()", 'function start(port) {', '  return fastify.listen({ port })', '}');
    const r = wire(before, { line: 3, kind: 'listen', receiverMember: '.server' }, 'src/index.js', 'require');
    expect(r).toEqual({
      action: 'added',
      text: src(
        "const fastify = require('fastify')()",
        "const { attachWebSocketServer } = require('./ws/server')",
        'function start(port) {',
        '  attachWebSocketServer(fastify.server)',
        '  return fastify.listen({ port })',
        '}',
      ),
    });
  });

  it('refuses (changes nothing) when the app is not a plain name, or listen sits in a callback', () => {
    const call = wire(src("import { build } from './app';", '(await build()).listen({ port: 1 });'), { line: 2, kind: 'listen', receiverMember: '.server' });
    expect(call.action).toBe('skipped');
    expect((call as { reason: string }).reason).toMatch(/not a plain name/);
    const cb = wire(src('const app = make();', 'ready.then(() => app.listen({ port: 1 }));'), { line: 2, kind: 'listen', receiverMember: '.server' });
    expect(cb.action).toBe('skipped');
    expect((cb as { reason: string }).reason).toMatch(/inside a callback/);
  });
});

describe("wireAttach on Hono's serve()", () => {
  it('captures serve(...) and casts the union to the http.Server in TypeScript, with the file quotes', () => {
    const before = src(
      'import { serve } from "@hono/node-server";',
      'import { app } from "./app.js";',
      '',
      'serve({ fetch: app.fetch, port: 3000 }, (info) => {',
      '  console.log(`listening on ${info.port}`);',
      '});',
    );
    const r = wire(before, { line: 4, kind: 'create-server', call: 'serve' });
    expect(r.action).toBe('added');
    const text = (r as { text: string }).text;
    expect(text).toContain('const server = serve({ fetch: app.fetch, port: 3000 }, (info) => {');
    expect(text).toContain('});\nattachWebSocketServer(server as import("node:http").Server);\n');
    expect(unwireAttach({ text, fileName: 'src/index.ts', importSpecifier: './ws/server', style: 'import' })).toEqual({ action: 'removed', text: before });
  });

  it('writes no cast in JavaScript', () => {
    const before = src("import { serve } from '@hono/node-server';", 'const server = serve({ fetch: () => new Response() });');
    const r = wire(before, { line: 2, kind: 'create-server', call: 'serve' }, 'src/index.mjs');
    expect((r as { text: string }).text).toContain('\nattachWebSocketServer(server);\n');
  });
});
