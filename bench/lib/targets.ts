// The targets, read off a run. A benchmark reports them; no test times them.
import type { BenchResult, Target } from './result.js';
import { ratio } from './stats.js';

export function targetsOf(r: Omit<BenchResult, 'targets' | 'lost' | 'faults'>): Target[] {
  const out: Target[] = [];
  const add = (name: string, value: number | null, limit: number, detail: string) =>
    out.push({ name, value, limit, met: value === null ? null : value <= limit, detail });
  for (const s of r.scenarios) {
    if (s.group === 'cross-node') {
      const one = s.variants.find((v) => v.id === 'generated');
      const two = s.variants.find((v) => v.id === 'generated-redis-2');
      if (one && two) {
        add('cross-node CPU/delivery vs one node', ratio(two.summary.cpuPerDeliveryUs, one.summary.cpuPerDeliveryUs), 1.15, s.id);
      }
      continue;
    }
    const gen = s.variants.find((v) => v.id === 'generated');
    const raw = s.variants.find((v) => v.id === 'raw');
    const sio = s.variants.find((v) => v.id === 'socketio');
    if (!gen) continue;
    if (raw) add(`CPU/delivery vs raw ws`, ratio(gen.summary.cpuPerDeliveryUs, raw.summary.cpuPerDeliveryUs), 1.1, s.id);
    if (sio) add(`CPU/delivery vs Socket.IO`, ratio(gen.summary.cpuPerDeliveryUs, sio.summary.cpuPerDeliveryUs), 0.75, s.id);
  }
  if (r.idle) {
    const gen = r.idle.variants.find((v) => v.id === 'generated');
    const raw = r.idle.variants.find((v) => v.id === 'raw');
    if (gen && raw) add('heap per idle connection vs raw ws', ratio(gen.summary.heapPerConnection, raw.summary.heapPerConnection), 1.3, `${r.idle.params.connections} connections`);
  }
  if (r.cli && r.cli.sizes.length >= 2) {
    const small = r.cli.sizes[0]!;
    const big = r.cli.sizes[r.cli.sizes.length - 1]!;
    add(`doctor time, ${big.files} vs ${small.files} files`, ratio(big.ms.doctor, small.ms.doctor), 1.5, `${big.files} / ${small.files} files`);
    add(`doctor CPU time, ${big.files} vs ${small.files} files`, ratio(big.cpuMs.doctor, small.cpuMs.doctor), 1.5, `${big.files} / ${small.files} files`);
    add(`doctor time on ${big.files} files (s)`, big.ms.doctor.median === null ? null : big.ms.doctor.median / 1000, 2, `${big.files} files`);
  }
  return out;
}
