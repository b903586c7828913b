/**
 * Row 6 — acceptance of a report → the ranking procedure shows the new score.
 *
 * On the bench server (national dataset, 2018 published): the office's ranking view (the live
 * draft) is read once so every cache is warm; then the clock starts, the office accepts a city's
 * submitted Q4 report through the real `reviewReport`, and `GET /trpc/scores.ranking` (office
 * session, over HTTP) is repeated until the city's S differs from before. Measured per acceptance:
 * accept, time to the first byte of the answer that shows it, and until it is parsed.
 */
import { and, eq } from 'drizzle-orm';
import { periods, reports } from '../db/schema';
import { reviewReport } from '../server/services/reporting';
import { sessionFor } from '../tests/helpers/callers';
import { median, ms, type Row } from './measure';
import type { BenchServer } from './server';

interface RankingBody {
  result?: { data: { status: string; run: { cities: { code: string; S: number }[] } | null } };
}

export async function benchLatency(server: BenchServer, cities: string[], runs: number, log: (s: string) => void): Promise<Row> {
  const { db, units } = server.services;
  const office = sessionFor(db, 'office').user;
  const cookie = server.cookieFor('office');
  const url = `${server.url}/trpc/scores.ranking?input=${encodeURIComponent(JSON.stringify({ year: 2018 }))}`;
  const q4 = db.select({ id: periods.id }).from(periods).where(eq(periods.code, '2018Q4')).get()!;

  const read = async (code: string) => {
    const res = await fetch(url, { headers: { cookie } });
    const text = await res.text();
    const lastByte = performance.now();
    const body = JSON.parse(text) as RankingBody;
    const S = body.result?.data.run?.cities.find((c) => c.code === code)?.S;
    if (S === undefined) throw new Error(`bench: ranking has no city ${code} (status ${res.status}) ${text.slice(0, 200)}`);
    return { S, lastByte, bytes: text.length };
  };

  const totals: number[] = [];
  const parts: { acceptMs: number; lastByteMs: number; polls: number; totalMs: number; city: string; before: number; after: number }[] = [];
  const todo = cities.slice(0, runs + 1);
  if (todo.length < 2) throw new Error('bench: not enough submitted city reports for the latency row');
  for (const [i, code] of todo.entries()) {
    const before = (await read(code)).S;
    await read(code); // warm: served from the caches
    const report = db.select().from(reports).where(and(eq(reports.unitCode, code), eq(reports.periodId, q4.id))).get();
    if (!report || report.status !== 'submitted') throw new Error(`bench: ${code} Q4 is not submitted`);
    const t0 = performance.now();
    reviewReport({ db, units, user: office, actor: { accountId: office.accountId, username: office.username, ip: '127.0.0.1' }, now: server.services.now() }, 'accept', {
      reportId: report.id,
      revision: report.revision,
    });
    const acceptMs = performance.now() - t0;
    let polls = 0;
    let after = before;
    let lastByteMs = 0;
    while (after === before && performance.now() - t0 < 60_000) {
      const r = await read(code);
      polls++;
      after = r.S;
      lastByteMs = r.lastByte - t0;
    }
    const totalMs = performance.now() - t0;
    if (after === before) throw new Error(`bench: ${code}'s S did not change within 60 s`);
    // The first acceptance is the warm-up.
    if (i > 0) {
      totals.push(totalMs);
      parts.push({ acceptMs, lastByteMs, polls, totalMs, city: code, before, after });
      log(`    accept ${code}: S ${before / 100} → ${after / 100} after ${ms(totalMs)} (accept ${ms(acceptMs)}, last byte ${ms(lastByteMs)}, ${polls} request${polls > 1 ? 's' : ''})`);
    }
  }
  const o = median(totals);
  return {
    id: 'latency',
    figure: 'acceptance of a report → scores.ranking (office, over HTTP) shows the new S',
    ours: o,
    oursLabel: ms(o),
    limit: null,
    limitLabel: '—',
    ratio: null,
    target: '< 1 s',
    pass: o < 1000,
    detail: { runs: parts, medianAcceptMs: median(parts.map((p) => p.acceptMs)), medianLastByteMs: median(parts.map((p) => p.lastByteMs)) },
  };
}
