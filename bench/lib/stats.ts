import { performance } from 'node:perf_hooks';

export interface LoadResult {
  /** Operations completed in the measured window (after warm-up). */
  count: number;
  errors: number;
  /** Length of the measured window in seconds. */
  seconds: number;
  /** Latencies (ms) of the measured operations. */
  latencies: number[];
  firstError: string | null;
}

export interface LoadOptions {
  concurrency: number;
  durationS: number;
  /** Seconds at the start that run but are not measured. */
  warmupS: number;
  /** One operation; throw (or reject) to count an error. */
  op: (worker: number) => Promise<void>;
}

/**
 * Closed-loop load: `concurrency` workers each run `op` back to back until the end. Operations that start during
 * the warm-up are not measured; throughput is measured operations / measured window.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const start = performance.now();
  const measureFrom = start + options.warmupS * 1000;
  const end = measureFrom + options.durationS * 1000;
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  let lastEnd = measureFrom;
  const worker = async (w: number) => {
    for (;;) {
      const t0 = performance.now();
      if (t0 >= end) return;
      try {
        await options.op(w);
        const t1 = performance.now();
        if (t0 >= measureFrom) {
          latencies.push(t1 - t0);
          lastEnd = Math.max(lastEnd, t1);
        }
      } catch (error) {
        if (t0 >= measureFrom) errors++;
        firstError ??= error instanceof Error ? error.message : String(error);
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, w) => worker(w)));
  const seconds = Math.max(0.001, (Math.max(lastEnd, end) - measureFrom) / 1000);
  return { count: latencies.length, errors, seconds, latencies, firstError };
}

/** Nearest-rank percentile of unsorted values (null when there are none). */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function round(value: number | null, digits = 1): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function latencySummary(latencies: number[]): { p50Ms: number | null; p95Ms: number | null; p99Ms: number | null } {
  return {
    p50Ms: round(percentile(latencies, 50), 2),
    p95Ms: round(percentile(latencies, 95), 2),
    p99Ms: round(percentile(latencies, 99), 2),
  };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A plain text table (for stderr). */
export function table(headers: string[], rows: Array<Array<string | number | null>>): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => (c === null ? '–' : String(c))))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}
