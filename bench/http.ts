/**
 * Row 3 — `scores.ranking` and `dashboard.overview` under 50 concurrent clients.
 *
 * Ours: the app as deployed (buildApp, fast path registered in server/app.ts) on 127.0.0.1, a
 * leader's session, `GET /trpc/<procedure>?input=…`, autocannon 10 s × 50 connections in a child
 * process. Limit: a plain Fastify route of the same process returning the same JSON object (taken
 * from the stock adapter's answer). Runs alternate ours / limit. For reference, once each: the same
 * bytes prebuilt from a route of the same app (the floor of this machine, app and load generator),
 * and the stock adapter alone (fast path off).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadResult } from './load-child';
import { fmt, median, ms, type Row } from './measure';
import type { BenchServer } from './server';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');

export function runLoad(url: string, headers: Record<string, string>, duration: number, connections = 50): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(HERE, 'load-child.ts'), JSON.stringify({ url, connections, duration, headers })], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`load child exited with ${code}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop() ?? '') as LoadResult);
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  });
}

/**
 * Waits until the server has worked off what the last run left queued (requests whose clients
 * autocannon already dropped are still computed and written): /healthz answers quickly twice.
 */
export async function settle(baseUrl: string): Promise<number> {
  const t0 = performance.now();
  let quick = 0;
  while (quick < 2 && performance.now() - t0 < 120_000) {
    const t = performance.now();
    await fetch(`${baseUrl}/healthz`).then((r) => r.arrayBuffer());
    quick = performance.now() - t < 20 ? quick + 1 : 0;
    await new Promise((r) => setTimeout(r, 50));
  }
  return performance.now() - t0;
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex').slice(0, 16);

async function get(url: string, cookie: string): Promise<{ status: number; body: Buffer; ms: number }> {
  const t = performance.now();
  const res = await fetch(url, { headers: { cookie } });
  const body = Buffer.from(await res.arrayBuffer());
  return { status: res.status, body, ms: performance.now() - t };
}

export interface HttpCase {
  id: string;
  label: string;
  procedure: string;
  input: unknown;
  username: string;
}

export async function benchHttp(server: BenchServer, c: HttpCase, runs: number, duration: number, log: (s: string) => void): Promise<Row> {
  const cookie = server.cookieFor(c.username);
  const query = `/trpc/${c.procedure}?input=${encodeURIComponent(JSON.stringify(c.input))}`;
  const headers = { cookie };
  // The stock answer is the reference: the plain route serves it, the fast path must equal it.
  // The first call may fill a per-version cache (a published snapshot); the timed one is the second.
  await get(server.stockUrl + query, cookie);
  const stock = await get(server.stockUrl + query, cookie);
  if (stock.status !== 200) throw new Error(`bench: stock ${c.procedure} answered ${stock.status}: ${stock.body.toString().slice(0, 300)}`);
  const fastCold = await get(server.url + query, cookie);
  const fastWarm = await get(server.url + query, cookie);
  const identical = fastCold.body.equals(stock.body) && fastWarm.body.equals(stock.body);
  if (!identical) throw new Error(`bench: fast path answer of ${c.procedure} differs from the stock adapter's`);
  server.setPlain(c.id, JSON.parse(stock.body.toString('utf8')));
  const plainUrl = `${server.url}/bench/plain/${c.id}`;
  const plainBody = await get(plainUrl, cookie);
  log(
    `  ${c.procedure}: ${fmt(stock.body.length / 1024)} KB; one request: stock ${ms(stock.ms)}, fast path cold ${ms(fastCold.ms)} / warm ${ms(fastWarm.ms)}, plain ${ms(plainBody.ms)}; bodies identical (${sha(stock.body)})`,
  );

  const load = async (url: string, d: number) => {
    const r = await runLoad(url, headers, d);
    await settle(server.url);
    return r;
  };
  await load(server.url + query, 2);
  await load(plainUrl, 2);
  const ours: LoadResult[] = [];
  const limit: LoadResult[] = [];
  for (let i = 0; i < runs; i++) {
    ours.push(await load(server.url + query, duration));
    limit.push(await load(plainUrl, duration));
    log(`    run ${i + 1}: ours ${fmt(ours[i].requestsPerSec)} req/s p99 ${ours[i].p99} ms · plain ${fmt(limit[i].requestsPerSec)} req/s p99 ${limit[i].p99} ms`);
  }
  // The transport floor for reference: the same bytes from a route of the same app, no work at all.
  const floor = await load(`${server.url}/bench/bytes/${c.id}`, duration);
  log(`    same bytes, prebuilt, same app (floor): ${fmt(floor.requestsPerSec)} req/s p99 ${floor.p99} ms`);
  // The stock adapter for reference. A query that takes longer than 250 ms alone would leave
  // minutes of queued work behind 50 clients; its rate is bounded by 1 / its time (one event loop).
  let stockLoad: LoadResult | { requestsPerSec: number; p99: null; boundFromSingleRequestMs: number };
  if (stock.ms <= 250) {
    stockLoad = await load(server.stockUrl + query, duration);
    log(`    stock adapter: ${fmt(stockLoad.requestsPerSec, 1)} req/s p99 ${stockLoad.p99} ms`);
  } else {
    stockLoad = { requestsPerSec: 1000 / stock.ms, p99: null, boundFromSingleRequestMs: stock.ms };
    log(`    stock adapter: ${ms(stock.ms)} per request → at most ${fmt(1000 / stock.ms, 2)} req/s (not load-tested)`);
  }

  const o = median(ours.map((r) => r.requestsPerSec));
  const l = median(limit.map((r) => r.requestsPerSec));
  const p99 = median(ours.map((r) => r.p99));
  const lp99 = median(limit.map((r) => r.p99));
  const ratio = o / l;
  const failed = ours.reduce((a, r) => a + r.non2xx + r.errors + r.timeouts, 0);
  return {
    id: `http-${c.id}`,
    figure: `${c.label}: ${c.procedure} (${fmt(stock.body.length / 1024)} KB JSON), 50 clients × ${duration} s`,
    ours: o,
    oursLabel: `${fmt(o)} req/s, p99 ${fmt(p99)} ms`,
    limit: l,
    limitLabel: `${fmt(l)} req/s, p99 ${fmt(lp99)} ms`,
    ratio,
    target: '≥ 0.50×, p99 < 50 ms',
    pass: ratio >= 0.5 && p99 < 50 && failed === 0,
    detail: {
      bytes: stock.body.length,
      ours,
      limit,
      stock: stockLoad,
      stockRatio: stockLoad.requestsPerSec / l,
      floor,
      singleRequestMs: { stock: stock.ms, fastCold: fastCold.ms, fastWarm: fastWarm.ms, plain: plainBody.ms },
      failedRequests: failed,
      identicalToStock: identical,
    },
  };
}
