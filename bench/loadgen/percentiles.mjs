// Latency samples in a growable Float64Array, summarised by nearest-rank percentiles.
export class Samples {
  constructor(capacity = 1024) {
    this.values = new Float64Array(capacity);
    this.length = 0;
  }

  push(value) {
    if (this.length === this.values.length) {
      const bigger = new Float64Array(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[this.length++] = value;
  }

  /** { n, p50, p99, max } in milliseconds (null figures when there is no sample). */
  summary() {
    const n = this.length;
    if (n === 0) return { n, p50: null, p99: null, max: null };
    const sorted = this.values.slice(0, n).sort();
    const rank = (q) => sorted[Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))];
    return { n, p50: rank(0.5), p99: rank(0.99), max: sorted[n - 1] };
  }
}
