/**
 * Row 8 — the first request after a write.
 *
 * On the bench server (national dataset, 2018 published): the leader's overview, the office's live
 * ranking, the leader's Q4 progress ranking and published ranking are each read once (the stored figures exist). Then,
 * per run, the office accepts a submitted county report through the real `reviewReport` (which
 * updates the stored figures in its transaction) and each of the three requests is timed once over
 * HTTP, the first after the write: nothing is cached from before the write (the fast path's answer
 * cache is keyed by the write generation).
 */
import { sql } from 'drizzle-orm';
import { reviewReport } from '../server/services/reporting';
import { sessionFor } from '../tests/helpers/callers';
import { median, ms, type Row } from './measure';
import type { BenchServer } from './server';

const REQUESTS = [
  { name: 'dashboard.overview (leader, province)', procedure: 'dashboard.overview', input: { year: 2018, periodCode: '2018Q4' }, username: 'leader' },
  { name: 'scores.ranking (office, live draft)', procedure: 'scores.ranking', input: { year: 2018 }, username: 'office' },
  { name: 'scores.ranking (leader, Q4 progress)', procedure: 'scores.ranking', input: { year: 2018, periodCode: '2018Q4', basis: 'submitted' }, username: 'leader' },
  { name: 'scores.ranking (leader, published)', procedure: 'scores.ranking', input: { year: 2018 }, username: 'leader' },
] as const;

export async function benchAfterWrite(server: BenchServer, runs: number, log: (s: string) => void): Promise<Row> {
  const { db, units } = server.services;
  const office = sessionFor(db, 'office').user;
  const cookies = new Map(REQUESTS.map((r) => [r.username, server.cookieFor(r.username)]));
  // Wall time, and the CPU time of this process (server and client share it): on a shared box the
  // CPU time says what a request costs when the wall time mostly says how loaded the machine is.
  const get = async (r: (typeof REQUESTS)[number]) => {
    const c0 = process.cpuUsage();
    const t = performance.now();
    const res = await fetch(`${server.url}/trpc/${r.procedure}?input=${encodeURIComponent(JSON.stringify(r.input))}`, { headers: { cookie: cookies.get(r.username)! } });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`bench: ${r.procedure} answered ${res.status}: ${text.slice(0, 200)}`);
    const c = process.cpuUsage(c0);
    return { ms: performance.now() - t, cpuMs: (c.user + c.system) / 1000, bytes: text.length };
  };
  for (const r of REQUESTS) await get(r); // the stored figures exist before the first write
  const pending = db.all<{ id: number; revision: number; unit_code: string }>(sql`
    select r.id, r.revision, r.unit_code from reports r join periods p on p.id = r.period_id join org_units u on u.code = r.unit_code
    where p.code = '2018Q4' and ((u.level = 'county' and r.status = 'approved') or (u.level = 'city' and r.status = 'submitted')) order by u.level desc, r.id desc`);
  if (pending.length < runs + 1) throw new Error('bench: not enough submitted county reports for the after-write row');
  const per = new Map<string, number[]>(REQUESTS.map((r) => [r.name, []]));
  const cpu = new Map<string, number[]>(REQUESTS.map((r) => [r.name, []]));
  const writes: number[] = [];
  let bytes: Record<string, number> = {};
  for (const [i, rep] of pending.slice(0, runs + 1).entries()) {
    const t0 = performance.now();
    reviewReport({ db, units, user: office, actor: { accountId: office.accountId, username: office.username, ip: '127.0.0.1' }, now: server.services.now() }, 'accept', {
      reportId: rep.id,
      revision: rep.revision,
    });
    const writeMs = performance.now() - t0;
    const line: string[] = [];
    for (const r of REQUESTS) {
      const first = await get(r);
      bytes = { ...bytes, [r.name]: first.bytes };
      if (i > 0) {
        per.get(r.name)!.push(first.ms);
        cpu.get(r.name)!.push(first.cpuMs);
      }
      line.push(`${r.name} ${ms(first.ms)} (cpu ${ms(first.cpuMs)}, ${Math.round(first.bytes / 1024)} KB)`);
    }
    if (i > 0) writes.push(writeMs);
    log(`    ${i === 0 ? '(warm-up) ' : ''}accept ${rep.unit_code} in ${ms(writeMs)}; first requests after it: ${line.join(', ')}`);
  }
  const medians = Object.fromEntries([...per].map(([k, v]) => [k, median(v)]));
  const cpuMedians = Object.fromEntries([...cpu].map(([k, v]) => [k, median(v)]));
  const worst = Math.max(...Object.values(medians));
  const worstCpu = Math.max(...Object.values(cpuMedians));
  log(`    medians: ${Object.entries(medians).map(([k, v]) => `${k} ${ms(v)} (cpu ${ms(cpuMedians[k])})`).join('; ')}`);
  return {
    id: 'after-write',
    figure: 'first request after a write (acceptance): slowest of overview, live, progress and published ranking (median over runs)',
    ours: worst,
    oursLabel: `${ms(worst)} (cpu ${ms(worstCpu)})`,
    limit: null,
    limitLabel: '—',
    ratio: null,
    target: '≤ 50 ms',
    pass: worst <= 50,
    detail: { medians, cpuMedians, acceptMs: writes, medianAcceptMs: median(writes), bytes },
  };
}
