// The oldest TypeScript we support: an app pinned to TypeScript 4.7.4. The generated code type-checks and
// builds with the app's own compiler (tscArgv runs node_modules/typescript, here 4.7.4).
// A light suite: it differs from express4-ts-cjs in its compiler only.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TYPES_FOR_TYPESCRIPT } from '../../src/plan/types-for-typescript.js';
import { defineFixtureSuite } from '../helpers/fixture-suite.js';
import { SHAPE_FIXTURE_SPECS, tscArgv } from '../helpers/fixtures.js';
import { run } from '../helpers/proc.js';

defineFixtureSuite(SHAPE_FIXTURE_SPECS['express4-ts47-cjs']!, (ctx) => {
  describe('express4-ts47-cjs specifics', () => {
    it("the app's own compiler is 4.7", async () => {
      await ctx.link();
      const { dir } = await ctx.scaffold();
      const [cmd, ...args] = tscArgv(dir, '--version');
      expect((await run(cmd!, args, { cwd: dir })).stdout).toMatch(/Version 4\.7\./);
    });

    it("records DefinitelyTyped's ts4.7 release of @types/ws, exact, in package.json; the app's own @types/node stays", async () => {
      const { dir, report } = await ctx.scaffold();
      const pinned = TYPES_FOR_TYPESCRIPT['@types/ws'].byTypeScript['4.7'];
      expect(pinned).not.toBe(TYPES_FOR_TYPESCRIPT['@types/ws'].newestInRange);
      const devDependencies = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).devDependencies;
      expect(devDependencies).toMatchObject({ '@types/ws': pinned, '@types/node': '20.19.43' });
      expect(report?.dependencies.added).toContainEqual({ name: '@types/ws', range: pinned, dev: true });
      expect(report?.dependencies.added.map((d) => d.name)).not.toContain('@types/node');
      // What the suite type-checks against is that very release (the project holds it as @types/ws-ts47).
      await ctx.link();
      expect(JSON.parse(fs.readFileSync(path.join(dir, 'node_modules/@types/ws/package.json'), 'utf8')).version).toBe(pinned);
    });
  });
});
