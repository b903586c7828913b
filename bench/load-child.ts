/**
 * One autocannon run, in its own process so the load generator does not share the server's event
 * loop: `node --import tsx bench/load-child.ts '<json options>'` prints one JSON line.
 */
import autocannon from 'autocannon';

interface LoadOptions {
  url: string;
  connections: number;
  duration: number;
  headers: Record<string, string>;
}

export interface LoadResult {
  requestsPerSec: number;
  requests: number;
  p50: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  bytesPerSec: number;
}

const opts = JSON.parse(process.argv[2] ?? '{}') as LoadOptions;
const r = await autocannon({ url: opts.url, connections: opts.connections, duration: opts.duration, headers: opts.headers, timeout: 30 });
const out: LoadResult = {
  requestsPerSec: r.requests.average,
  requests: r.requests.total,
  p50: r.latency.p50,
  p99: r.latency.p99,
  max: r.latency.max,
  non2xx: r.non2xx,
  errors: r.errors,
  timeouts: r.timeouts,
  bytesPerSec: r.throughput.average,
};
process.stdout.write(`${JSON.stringify(out)}\n`);
