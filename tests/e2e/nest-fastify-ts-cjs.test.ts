// NestJS 11 on the Fastify platform (CommonJS; Nest 12 is ESM-only): `await app.listen(...)` in src/main.ts
// resolves before the server is handed out, so the CLI attaches to `app.getHttpServer()` right after it.
// A light suite: Nest's routes must still answer next to our upgrade handling.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineFixtureSuite } from '../helpers/fixture-suite.js';
import { SHAPE_FIXTURE_SPECS } from '../helpers/fixtures.js';

defineFixtureSuite(SHAPE_FIXTURE_SPECS['nest-fastify-ts-cjs']!, (ctx) => {
  describe('nest-fastify-ts-cjs specifics', () => {
    it('puts the generated tests in test/ws without --tests, so the build still emits dist/main.js', async () => {
      const { dir } = await ctx.scaffold();
      expect(JSON.parse(fs.readFileSync(path.join(dir, 'ws-server.config.json'), 'utf8')).tests).toBe('test/ws');
      expect(fs.existsSync(path.join(dir, 'test/ws/ws.test.ts'))).toBe(true);
      expect(fs.existsSync(path.join(dir, 'tests'))).toBe(false);
      await ctx.build();
      expect(fs.existsSync(path.join(dir, 'dist/main.js'))).toBe(true);
      expect(fs.existsSync(path.join(dir, 'dist/src'))).toBe(false);
    });
  });
});
