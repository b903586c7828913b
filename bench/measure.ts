/** Timing, statistics and reporting helpers of `npm run bench`. */
import fs from 'node:fs';
import os from 'node:os';

export function median(xs: number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Runs `fn` once as a warm-up, then `runs` times; returns every measured duration (ms). */
export async function timeRuns(runs: number, fn: () => unknown | Promise<unknown>, warmup = 1): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

/**
 * Alternates two measurements run by run (a, b, a, b …) after one warm-up of each, so that a load
 * change on a shared machine hits both sides alike.
 */
export async function timePairs(runs: number, a: () => unknown | Promise<unknown>, b: () => unknown | Promise<unknown>, warmup = 1): Promise<{ a: number[]; b: number[] }> {
  for (let i = 0; i < warmup; i++) {
    await a();
    await b();
  }
  const out = { a: [] as number[], b: [] as number[] };
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    await a();
    out.a.push(performance.now() - t);
    t = performance.now();
    await b();
    out.b.push(performance.now() - t);
  }
  return out;
}

export interface Row {
  id: string;
  figure: string;
  ours: number;
  oursLabel: string;
  limit: number | null;
  limitLabel: string;
  /** ours / limit, in the sense the target is stated (see `direction`). */
  ratio: number | null;
  target: string;
  pass: boolean;
  /** Raw measurements and anything else worth keeping in results.json. */
  detail: Record<string, unknown>;
}

export function fmt(n: number, digits = 0): string {
  if (!Number.isFinite(n)) return String(n);
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function ms(n: number): string {
  return n >= 1000 ? `${fmt(n / 1000, 2)} s` : n >= 10 ? `${fmt(n, 0)} ms` : `${fmt(n, 2)} ms`;
}

export function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    memoryGB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    loadavg: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

export function markdownTable(rows: Row[]): string {
  const lines = ['| figure | ours | limit | ratio | target | result |', '|---|---:|---:|---:|---|---|'];
  for (const r of rows) {
    const ratio = r.ratio === null ? '—' : `${fmt(r.ratio, 2)}×`;
    lines.push(`| ${r.figure} | ${r.oursLabel} | ${r.limitLabel} | ${ratio} | ${r.target} | ${r.pass ? 'PASS' : 'MISS'} |`);
  }
  return lines.join('\n');
}

/** Peak resident set size of this process so far, in MB (VmHWM, falling back to maxRSS). */
export function peakRssMB(): number {
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) / 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS / 1024;
}
