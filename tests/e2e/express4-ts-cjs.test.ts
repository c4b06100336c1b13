// Express 4, TypeScript, CommonJS: the app is built by a factory in src/app.ts and started in
// src/index.ts with `app.listen(port, cb)` whose result is unused, so the CLI must capture it.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineFixtureSuite, outDirOf } from '../helpers/fixture-suite.js';
import { FIXTURE_SPECS } from '../helpers/fixtures.js';

defineFixtureSuite(FIXTURE_SPECS['express4-ts-cjs']!, (ctx) => {
  describe('express4-ts-cjs specifics', () => {
    it('captures the result of app.listen(...) and hands it to attachWebSocketServer', async () => {
      const { dir } = await ctx.scaffold();
      const text = fs.readFileSync(path.join(dir, 'src/index.ts'), 'utf8');
      const call = /attachWebSocketServer\s*\(\s*([A-Za-z_$][\w$]*)/.exec(text);
      expect(call, text).not.toBeNull();
      const name = call![1]!;
      expect(text, `${name} holds app.listen(...)`).toMatch(new RegExp(`(const|let|var)\\s+${name.replace('$', '\\$')}\\s*(:[^=]+)?=\\s*app\\.listen\\(`));
    });

    it('emits CommonJS for the generated server (jose is loaded in a way plain node accepts)', async () => {
      await ctx.build();
      const { dir } = await ctx.scaffold();
      const out = outDirOf(dir).replace(/^src\//, 'dist/');
      const js = fs.readFileSync(path.join(dir, out, 'server.js'), 'utf8');
      expect(js).toMatch(/require\(|exports\./);
      expect(js).not.toMatch(/^\s*import\s.+from\s/m);
    });
  });
});
