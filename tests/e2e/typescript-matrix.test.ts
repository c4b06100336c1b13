// The generated code type-checks with every TypeScript a fixture's own tsconfig allows: 4.7 (the oldest we
// support), 5.9, 6.0 and 7.0 (Go-native), installed side by side as npm aliases and run by path. Where a
// version is not allowed, it is the fixture's tsconfig that stops it (the exact diagnostic is asserted), so a
// failure of the generated code can never hide behind "that version is not supported".
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { once } from '../helpers/fixture-suite.js';
import { linkDeclaredDeps } from '../helpers/link.js';
import { ROOT_NODE_MODULES } from '../helpers/paths.js';
import { describeRun, run } from '../helpers/proc.js';
import { cleanupTempDirs, scaffoldFixture } from '../helpers/scaffold.js';

const COMPILERS = { '4.7': 'ts47', '5.9': 'typescript', '6.0': 'ts6', '7.0': 'ts7' } as const;
type Version = keyof typeof COMPILERS;

interface Row {
  fixture: string;
  /** Versions the fixture's tsconfig (and its packages' types) allow. */
  allowed: Version[];
  /** Versions it does not, with the diagnostic that says why (from the tsconfig, not our code). */
  refused: Partial<Record<Version, RegExp>>;
}

const MATRIX: Row[] = [
  // module node16 in a CommonJS package: every version.
  { fixture: 'node16-ts-cjs', allowed: ['4.7', '5.9', '6.0', '7.0'], refused: {} },
  // module commonjs (Express 4 types): every version.
  { fixture: 'express4-ts-cjs', allowed: ['4.7', '5.9', '6.0', '7.0'], refused: {} },
  // NodeNext + verbatimModuleSyntax (5.0+) and Fastify 5's types: 5.x and later.
  { fixture: 'fastify5-ts-esm', allowed: ['5.9', '6.0', '7.0'], refused: { '4.7': /TS5023: Unknown compiler option 'verbatimModuleSyntax'/ } },
  // moduleResolution "node": deprecated in 6.0 (TS5107), removed in 7.0 (TS5108).
  { fixture: 'node-http-ts', allowed: ['4.7', '5.9'], refused: { '6.0': /TS5107/, '7.0': /TS5108/ } },
];

afterAll(() => cleanupTempDirs());

describe.each(MATRIX)('TypeScript versions on $fixture', { timeout: 180_000 }, (row) => {
  const scaffolded = once(async () => {
    const s = await scaffoldFixture(row.fixture);
    if (s.exitCode !== 0) throw new Error(`init failed on ${row.fixture}: ${s.stderr}`);
    linkDeclaredDeps(s.dir);
    return s.dir;
  });
  const tsc = async (version: Version) => {
    const dir = await scaffolded();
    return run(process.execPath, [path.join(ROOT_NODE_MODULES, COMPILERS[version], 'bin', 'tsc'), '--noEmit', '-p', '.'], { cwd: dir, timeoutMs: 120_000 });
  };

  for (const version of row.allowed) {
    it(`type-checks with TypeScript ${version}`, async () => {
      const r = await tsc(version);
      expect(r.exitCode, describeRun(r)).toBe(0);
    });
  }
  for (const [version, why] of Object.entries(row.refused) as [Version, RegExp][]) {
    it(`TypeScript ${version} is refused by the fixture's own tsconfig, and by nothing else`, async () => {
      const r = await tsc(version);
      const out = `${r.stdout}\n${r.stderr}`;
      expect(r.exitCode).not.toBe(0);
      expect(out).toMatch(why);
      const files = [...out.matchAll(/^([^\s(]+)\(\d+,\d+\): error/gm)].map((m) => m[1]);
      expect(files.filter((f) => f!.startsWith('src/ws/') || f!.startsWith('tests/ws/')), 'no error in generated code').toEqual([]);
    });
  }
});
