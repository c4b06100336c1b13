// Server sites of the other frameworks: Fastify (listen() resolves to the address, the server is
// `app.server`), Koa, NestJS (`app.getHttpServer()`), Hono's serve() and node:https.
import { describe, expect, it } from 'vitest';
import { createAnalysisProject, findServerSites } from '../../src/analyze/index.js';

function sites(files: Record<string, string>, search?: string[]) {
  const project = createAnalysisProject({ inMemory: true });
  for (const [file, text] of Object.entries(files)) project.createSourceFile(`/app/${file}`, text);
  const targets = (search ?? [Object.keys(files)[0] as string]).map((f) => `/app/${f}`);
  return findServerSites(project, targets, { root: '/app' }).map(({ file, line, kind, origin, call, receiverMember }) => ({
    file, line, kind, origin, ...(call ? { call } : {}), ...(receiverMember ? { receiverMember } : {}),
  }));
}

const fastifySite = (line: number, file = 'src/index.ts') => ({ file, line, kind: 'listen', origin: 'fastify', receiverMember: '.server' });

describe('Fastify', () => {
  it('finds `await app.listen({ port })` on Fastify() and reaches the server through app.server', () => {
    const text = `import Fastify from 'fastify';\nconst app = Fastify({ logger: true });\nawait app.listen({ port: 3000, host: '0.0.0.0' });\n`;
    expect(sites({ 'src/index.ts': text })).toEqual([fastifySite(3)]);
  });

  it('knows the named export, require(), require("fastify")(opts) and Fastify 4 callback listen', () => {
    expect(sites({ 'src/index.ts': `import { fastify } from 'fastify';\nconst server = fastify();\nserver.listen({ port: 1 });\n` })).toEqual([fastifySite(3)]);
    expect(sites({ 'src/index.ts': `const fastify = require('fastify')({ logger: true });\nfastify.listen({ port: 1 }, (err) => { if (err) throw err; });\n` })).toEqual([fastifySite(2)]);
    expect(sites({ 'src/index.ts': `const Fastify = require('fastify');\nconst app = Fastify();\napp.listen({ port: 1 });\n` })).toEqual([fastifySite(3)]);
  });

  it('follows an instance built by buildApp() in another file, awaited, and a FastifyInstance parameter', () => {
    const files = {
      'src/server.ts': `import { buildApp } from './app.js';\nasync function main() {\n  const app = await buildApp();\n  try {\n    await app.listen({ port: 3000 });\n  } catch (err) {\n    app.log.error(err);\n    process.exit(1);\n  }\n}\nvoid main();\n`,
      'src/app.ts': `import Fastify from 'fastify';\nexport async function buildApp() {\n  const app = Fastify();\n  await app.register(async () => {});\n  return app;\n}\n`,
    };
    expect(sites(files, ['src/server.ts'])).toEqual([fastifySite(5, 'src/server.ts')]);
    const param = `import type { FastifyInstance } from 'fastify';\nexport async function start(app: FastifyInstance) {\n  await app.listen({ port: 1 });\n}\n`;
    expect(sites({ 'src/start.ts': param })).toEqual([fastifySite(3, 'src/start.ts')]);
  });

  it('finds nothing in a fastify-cli plugin (no listen)', () => {
    const text = `import type { FastifyPluginAsync } from 'fastify';\nconst app: FastifyPluginAsync = async (fastify) => {\n  fastify.get('/health', async () => ({ ok: true }));\n};\nexport default app;\n`;
    expect(sites({ 'src/app.ts': text })).toEqual([]);
  });
});

describe('Koa', () => {
  it('finds app.listen() on new Koa() (it returns the server)', () => {
    expect(sites({ 'src/index.ts': `import Koa from 'koa';\nconst app = new Koa();\napp.listen(3000);\n` })).toEqual([
      { file: 'src/index.ts', line: 3, kind: 'listen', origin: 'koa' },
    ]);
    expect(sites({ 'src/index.js': `const Koa = require('koa');\nconst app = new Koa();\nconst server = app.listen(3000);\n` })).toEqual([
      { file: 'src/index.js', line: 3, kind: 'listen', origin: 'koa' },
    ]);
  });

  it('finds http.createServer(app.callback())', () => {
    const text = `import http from 'node:http';\nimport Koa from 'koa';\nconst app = new Koa();\nconst server = http.createServer(app.callback());\nserver.listen(3000);\n`;
    expect(sites({ 'src/index.ts': text })).toEqual([{ file: 'src/index.ts', line: 4, kind: 'create-server', origin: 'http' }]);
  });

  it('knows an app typed with the Koa class', () => {
    expect(sites({ 'src/start.ts': `import type Koa from 'koa';\nexport function start(app: Koa) {\n  return app.listen(1);\n}\n` })).toEqual([
      { file: 'src/start.ts', line: 3, kind: 'listen', origin: 'koa' },
    ]);
  });
});

describe('NestJS', () => {
  it('finds app.listen() on NestFactory.create() and reaches the server through getHttpServer()', () => {
    const text = `import { NestFactory } from '@nestjs/core';\nimport type { NestFastifyApplication } from '@nestjs/platform-fastify';\nimport { AppModule } from './app.module';\n\nasync function bootstrap() {\n  const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter());\n  await app.listen(process.env.PORT ?? 3000, '127.0.0.1');\n}\nbootstrap();\n`;
    expect(sites({ 'src/main.ts': text })).toEqual([{ file: 'src/main.ts', line: 7, kind: 'listen', origin: 'nestjs', receiverMember: '.getHttpServer()' }]);
  });
});

describe('Hono on Node', () => {
  it('finds serve({ fetch: app.fetch, port }) used as a statement or assigned', () => {
    const text = `import { serve } from '@hono/node-server';\nimport { Hono } from 'hono';\nconst app = new Hono();\nserve({ fetch: app.fetch, port: 3000 }, (info) => {\n  console.log(info.port);\n});\n`;
    expect(sites({ 'src/index.ts': text })).toEqual([{ file: 'src/index.ts', line: 4, kind: 'create-server', origin: 'hono', call: 'serve' }]);
    const assigned = `import { serve } from '@hono/node-server';\nexport const server = serve({ fetch: () => new Response('ok') });\n`;
    expect(sites({ 'src/index.ts': assigned })).toEqual([{ file: 'src/index.ts', line: 2, kind: 'create-server', origin: 'hono', call: 'serve' }]);
  });

  it('ignores a serve() that is not Hono\'s', () => {
    expect(sites({ 'src/index.ts': `import { serve } from 'bun';\nserve({ fetch() { return new Response(); } });\n` })).toEqual([]);
  });
});

describe('node:https', () => {
  it('finds https.createServer(options, app)', () => {
    const text = `import fs from 'node:fs';\nimport https from 'node:https';\nimport express from 'express';\nconst app = express();\nconst server = https.createServer({ key: fs.readFileSync('k'), cert: fs.readFileSync('c') }, app);\nserver.listen(443);\n`;
    expect(sites({ 'src/index.ts': text })).toEqual([{ file: 'src/index.ts', line: 5, kind: 'create-server', origin: 'http' }]);
  });
});

describe('tsconfig paths aliases', () => {
  it('follows an app imported through an alias (@/app -> src/app) like a relative import', async () => {
    const { setPathAliases } = await import('../../src/analyze/server-site/aliases.js');
    const project = createAnalysisProject({ inMemory: true });
    setPathAliases(project, { root: '/app', paths: { '@/*': ['src/*'] } });
    project.createSourceFile('/app/src/app.ts', `import express from 'express';\nexport const app = express();\n`);
    project.createSourceFile('/app/src/index.ts', `import { app } from '@/app';\napp.listen(3000);\n`);
    const found = findServerSites(project, ['/app/src/index.ts'], { root: '/app' });
    expect(found.map(({ file, line, origin }) => ({ file, line, origin }))).toEqual([{ file: 'src/index.ts', line: 2, origin: 'express' }]);
  });

  it('does not follow a bare import without an alias', () => {
    expect(sites({ 'src/index.ts': `import { app } from '@/app';\napp.listen(3000);\n`, 'src/app.ts': `import express from 'express';\nexport const app = express();\n` })).toEqual([]);
  });
});
