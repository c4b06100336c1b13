// `npm run bench [-- --quick | --tiny] [--only echo,fanout,idle,cross-node,flood,cli] [--rounds N] [--keep]`
// Prints the markdown table and writes bench/results/<date>.md and .json (tiny mode writes nothing unless
// --out <dir> is given). Exits 1 when a message was lost.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runBench } from './lib/bench.js';
import { RESULTS } from './lib/paths.js';
import { SCENARIOS } from './lib/plan.js';
import type { Mode, ScenarioId } from './lib/plan.js';
import { renderMarkdown } from './lib/report.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    tiny: { type: 'boolean', default: false },
    only: { type: 'string' },
    rounds: { type: 'string' },
    out: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
  strict: true,
});

const mode: Mode = values.tiny ? 'tiny' : values.quick ? 'quick' : 'full';
const only = values.only?.split(',').map((s) => s.trim()) as ScenarioId[] | undefined;
for (const s of only ?? []) {
  if (!SCENARIOS.includes(s)) {
    console.error(`--only: unknown scenario ${JSON.stringify(s)}; choose from ${SCENARIOS.join(', ')}`);
    process.exit(2);
  }
}
const rounds = values.rounds === undefined ? undefined : Number(values.rounds);
if (rounds !== undefined && (!Number.isInteger(rounds) || rounds < 1)) {
  console.error(`--rounds: expected a positive integer, got ${values.rounds}`);
  process.exit(2);
}

const t0 = performance.now();
const result = await runBench({
  mode,
  ...(only ? { only } : {}),
  ...(rounds !== undefined ? { rounds } : {}),
  keepTemp: values.keep,
  log: (m) => console.error(`[bench ${((performance.now() - t0) / 1000).toFixed(1)}s] ${m}`),
});
const markdown = renderMarkdown(result);
process.stdout.write(`${markdown}\n`);
const outDir = values.out ?? (mode === 'tiny' ? null : RESULTS);
if (outDir !== null) {
  fs.mkdirSync(outDir, { recursive: true });
  const stamp = result.date.replace(/:/g, '-').replace(/\.\d+Z$/, 'Z');
  const base = path.join(outDir, `${stamp}${mode === 'full' ? '' : `-${mode}`}`);
  fs.writeFileSync(`${base}.md`, markdown);
  fs.writeFileSync(`${base}.json`, `${JSON.stringify(result, null, 2)}\n`);
  console.error(`[bench] wrote ${path.relative(process.cwd(), base)}.md and .json`);
}
if (result.lost > 0 || result.faults > 0) {
  console.error(`[bench] FAILED: ${result.lost} lost messages, ${result.faults} faults`);
  process.exit(1);
}
