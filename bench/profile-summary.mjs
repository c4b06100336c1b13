// Summarises a V8 CPU profile (BENCH_CPU_PROF=<dir> writes one per server process): self time by file and by
// function, as a share of the busy (non-idle) time. `writev`, `writeBuffer` and `writeUtf8String` are the
// socket writes (system calls included).
// Usage: node bench/profile-summary.mjs <file.cpuprofile> [functions to list, default 30]
import { readFileSync } from 'node:fs';

const [file, limitArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/profile-summary.mjs <file.cpuprofile> [functions to list]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8'));
const limit = Number(limitArg ?? 30);

const selfTime = new Map(); // node id -> µs
profile.samples.forEach((id, i) => selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

const byFunction = new Map();
const byFile = new Map();
let total = 0;
let idle = 0;
for (const node of profile.nodes) {
  const time = selfTime.get(node.id) ?? 0;
  total += time;
  const { functionName, url, lineNumber } = node.callFrame;
  if (functionName === '(idle)') {
    idle += time;
    continue;
  }
  const where = url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/(dist|servers)\//, '$1/');
  const fn = `${functionName || '(anonymous)'} ${where}${where ? `:${lineNumber + 1}` : ''}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + time);
  const module = url.includes('node_modules/') ? where.split('/')[0] : where || functionName;
  byFile.set(module, (byFile.get(module) ?? 0) + time);
}

const busy = total - idle;
const print = (title, map, count) => {
  console.log(`\n${title}`);
  for (const [name, time] of [...map].sort((a, b) => b[1] - a[1]).slice(0, count)) {
    console.log(`${((100 * time) / busy).toFixed(1).padStart(5)}%  ${(time / 1000).toFixed(0).padStart(6)} ms  ${name}`);
  }
};
console.log(`${file}: ${(total / 1000).toFixed(0)} ms profiled, ${(busy / 1000).toFixed(0)} ms busy`);
print('self time by file or package', byFile, 15);
print('self time by function', byFunction, limit);
