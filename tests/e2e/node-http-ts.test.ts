// No framework: `createServer(handler)` from node:http, CommonJS TypeScript with noUnusedLocals,
// started inside `if (require.main === module)` in src/server.ts (not index.ts).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineFixtureSuite } from '../helpers/fixture-suite.js';
import { FIXTURE_SPECS } from '../helpers/fixtures.js';

defineFixtureSuite(FIXTURE_SPECS['node-http-ts']!, (ctx) => {
  describe('node-http-ts specifics', () => {
    it('wires inside the require.main block, after createServer, and keeps the handler export', async () => {
      const { dir } = await ctx.scaffold();
      const text = fs.readFileSync(path.join(dir, 'src/server.ts'), 'utf8');
      const block = text.slice(text.indexOf('if (require.main === module)'));
      expect(block.indexOf('createServer(handler)'), text).toBeGreaterThan(-1);
      expect(block.search(/attachWebSocketServer\s*\(\s*server\b/), text).toBeGreaterThan(block.indexOf('createServer(handler)'));
      expect(text).toContain('export { handler };');
    });
  });
});
