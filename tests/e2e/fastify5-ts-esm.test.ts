// Fastify 5, TypeScript, NodeNext ESM: the instance is built by an async buildApp() in src/app.ts and
// started in src/server.ts with top-level `await app.listen({...})`, which resolves to the address, not
// the server: the CLI must attach to `app.server`, and Fastify's own routes must keep answering.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getJson } from '../helpers/boot.js';
import { defineFixtureSuite } from '../helpers/fixture-suite.js';
import { SHAPE_FIXTURE_SPECS } from '../helpers/fixtures.js';

defineFixtureSuite(SHAPE_FIXTURE_SPECS['fastify5-ts-esm']!, (ctx) => {
  describe('fastify5-ts-esm specifics', () => {
    it('attaches to app.server right after the awaited listen, with a NodeNext .js import', async () => {
      const { dir } = await ctx.scaffold();
      const text = fs.readFileSync(path.join(dir, 'src/server.ts'), 'utf8');
      expect(text).toContain("import { attachWebSocketServer } from './ws/server.js';");
      expect(text).toContain("  await app.listen({ port, host: '127.0.0.1' });\n  attachWebSocketServer(app.server);\n");
    });

    it("keeps Fastify's routing next to our upgrade handling: 404 JSON for unknown routes, routes answer while ws clients are connected", async () => {
      const app = await ctx.boot();
      const client = await ctx.connect('fay');
      await client.waitFor((m) => m.type === 'welcome');
      expect(await getJson(app, '/items/2')).toEqual({ status: 200, body: { id: '2', name: 'desk' } });
      const missing = await getJson(app, '/nope');
      expect(missing.status).toBe(404);
      expect(missing.body).toMatchObject({ statusCode: 404 });
      // a plain GET on the ws path is Fastify's to answer (we only take upgrades)
      expect((await getJson(app, ctx.wsPath())).status).toBe(404);
      await client.close();
    });
  });
});
