// The run as markdown: what ran where and with which settings, then one table per kind of figure. Cells are
// `median (min–max)`; `×` columns are the median's ratio to the scenario's baseline (raw ws unless said).
import type { BenchResult } from './result.js';
import type { ScenarioResult } from './scenarios/types.js';
import { ratio } from './stats.js';
import type { Range } from './stats.js';

export function num(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return 'n/a';
  const a = Math.abs(x);
  if (a >= 10_000) return `${(x / 1000).toFixed(a >= 100_000 ? 0 : 1)}k`;
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  return x.toFixed(2);
}

function cell(r: Range, scale = 1): string {
  if (r.median === null) return 'n/a';
  const s = (x: number | null) => num(x === null ? null : x * scale);
  return r.min === r.max ? s(r.median) : `${s(r.median)} (${s(r.min)}–${s(r.max)})`;
}

function times(x: number | null): string {
  return x === null ? 'n/a' : `${x.toFixed(2)}×`;
}

function table(head: string[], rows: string[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function throughputTable(scenarios: ScenarioResult[], lastRecipient: boolean): string {
  const head = ['scenario', 'variant', 'server CPU µs/delivery', '×', 'deliveries/s', '×', 'p50 ms', '×', 'p99 ms', '×'];
  if (lastRecipient) head.push('p99 to last recipient ms', '×');
  head.push('lost', 'faults');
  const rows: string[][] = [];
  for (const s of scenarios) {
    const base = s.variants.find((v) => v.id === s.baseline)?.summary;
    for (const v of s.variants) {
      const m = v.summary;
      const row = [
        s.title,
        v.label,
        cell(m.cpuPerDeliveryUs),
        times(ratio(m.cpuPerDeliveryUs, base?.cpuPerDeliveryUs ?? null)),
        cell(m.deliveriesPerSec),
        times(ratio(m.deliveriesPerSec, base?.deliveriesPerSec ?? null)),
        cell(m.p50),
        times(ratio(m.p50, base?.p50 ?? null)),
        cell(m.p99),
        times(ratio(m.p99, base?.p99 ?? null)),
      ];
      if (lastRecipient) row.push(cell(m.p99Last), times(ratio(m.p99Last, base?.p99Last ?? null)));
      row.push(`${m.lost}/${m.expected}`, String(m.faults));
      rows.push(row);
    }
  }
  return table(head, rows);
}

export function renderMarkdown(r: BenchResult): string {
  const out: string[] = [];
  const m = r.machine;
  out.push(`# create-ws-server bench: ${r.date} (${r.mode} mode)`);
  out.push('');
  out.push(
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}; load average ` +
      `${m.loadAvgStart.map((x) => x.toFixed(2)).join(' ')} at start, ${m.loadAvgEnd.map((x) => x.toFixed(2)).join(' ')} at the end. ` +
      `Commit ${r.commit ?? 'unknown'}. Run time ${(r.durationMs / 1000).toFixed(0)} s.`,
  );
  out.push('');
  out.push(
    'Cells are `median (min–max)` over the rounds; variants took turns round by round. `×` is the ratio of the ' +
      'median to the baseline of the same run (raw ws; for cross-node, the generated server on one node). ' +
      'Server CPU is the server process\'s own CPU time (user + system, every node summed) over the measured ' +
      'phase divided by the deliveries (echo replies, or messages × recipients): the figure that holds on a busy ' +
      'machine. Latencies are publish-to-receive in the one load generator. `lost` is missing/expected; `faults` ' +
      'counts error replies, wrong payloads, duplicates and out-of-order deliveries.',
  );
  out.push('');
  out.push('## Configuration');
  out.push('');
  out.push(`Generated server defaults (ws-server.config.json limits): \`${JSON.stringify(r.config.generatedLimits)}\`.`);
  out.push('');
  const envs = new Map<string, string>();
  for (const s of r.scenarios) {
    const gen = s.variants.find((v) => v.id.startsWith('generated'));
    if (gen) envs.set(s.id, JSON.stringify(gen.env));
  }
  if (r.idle) envs.set('idle', JSON.stringify(r.idle.variants.find((v) => v.id === 'generated')?.env ?? {}));
  if (r.flood) envs.set('flood', JSON.stringify(r.flood.variants.find((v) => v.id === 'generated')?.env ?? {}));
  out.push(table(['scenario', 'environment of the generated server'], [...envs].map(([k, v]) => [k, `\`${v}\``])));
  out.push('');
  for (const note of r.config.notes) out.push(`- ${note}`);
  out.push('');

  const echo = r.scenarios.filter((s) => s.group === 'echo');
  if (echo.length > 0) out.push('## Echo (request/ack)', '', throughputTable(echo, false), '');
  const fan = r.scenarios.filter((s) => s.group === 'fanout');
  if (fan.length > 0) out.push('## Room fan-out', '', throughputTable(fan, true), '');
  const cross = r.scenarios.filter((s) => s.group === 'cross-node');
  if (cross.length > 0) out.push('## Cross-node fan-out through Redis', '', throughputTable(cross, true), '');

  if (r.idle) {
    const base = r.idle.variants.find((v) => v.id === r.idle!.baseline)?.summary;
    out.push(`## ${r.idle.title}`, '');
    out.push(
      table(
        ['variant', 'heap B/connection', '×', 'RSS B/connection', '×', 'connects/s', 'lost'],
        r.idle.variants.map((v) => [
          v.label,
          cell(v.summary.heapPerConnection),
          times(ratio(v.summary.heapPerConnection, base?.heapPerConnection ?? null)),
          cell(v.summary.rssPerConnection),
          times(ratio(v.summary.rssPerConnection, base?.rssPerConnection ?? null)),
          cell(v.summary.connectPerSec),
          String(v.summary.lost),
        ]),
      ),
      '',
    );
  }

  if (r.flood) {
    const base = r.flood.variants.find((v) => v.id === r.flood!.baseline)?.summary;
    out.push(`## Flood: ${r.flood.title}`, '');
    out.push(
      table(
        ['variant', 'p50 ms quiet', 'p99 ms quiet', 'p50 ms flooded', 'p99 ms flooded', '×', 'p99 flooded / quiet', 'flood msgs answered/s', 'lost', 'faults'],
        r.flood.variants.map((v) => [
          v.label,
          cell(v.summary.quietP50),
          cell(v.summary.quietP99),
          cell(v.summary.floodedP50),
          cell(v.summary.floodedP99),
          times(ratio(v.summary.floodedP99, base?.floodedP99 ?? null)),
          cell(v.summary.slowdown),
          cell(v.summary.floodServedPerSec),
          String(v.summary.lost),
          String(v.summary.faults),
        ]),
      ),
      '',
    );
  }

  if (r.cli) {
    const first = r.cli.sizes[0];
    out.push(`## CLI cost as the repo grows (fresh process each run, ${r.cli.repeats} run(s) per cell)`, '');
    const mb = 1 / (1024 * 1024);
    out.push(
      table(
        ['TS files', 'text scan ms (floor)', 'doctor --json ms', 'doctor × smallest', 'doctor CPU ms', 'CPU × smallest', 'init --dry-run --json ms', 'text scan peak RSS MiB', 'doctor peak RSS MiB', 'init peak RSS MiB'],
        r.cli.sizes.map((s) => [
          String(s.files),
          cell(s.ms.scan),
          cell(s.ms.doctor),
          times(ratio(s.ms.doctor, first?.ms.doctor ?? null)),
          cell(s.cpuMs.doctor),
          times(ratio(s.cpuMs.doctor, first?.cpuMs.doctor ?? null)),
          cell(s.ms.init),
          cell(s.rssBytes.scan, mb),
          cell(s.rssBytes.doctor, mb),
          cell(s.rssBytes.init, mb),
        ]),
      ),
      '',
    );
  }

  if (r.targets.length > 0) {
    out.push('## Targets', '');
    out.push(
      table(
        ['target', 'where', 'value', 'limit', 'met'],
        r.targets.map((t) => [t.name, t.detail, t.value === null ? 'n/a' : t.value.toFixed(2), `<= ${t.limit}`, t.met === null ? 'n/a' : t.met ? 'yes' : '**no**']),
      ),
      '',
    );
  }
  out.push(`Lost messages in the whole run: ${r.lost}; faults: ${r.faults}.`);
  out.push('');
  return out.join('\n');
}
