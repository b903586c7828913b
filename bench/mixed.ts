/**
 * Row 9 — mixed load on a deadline day.
 *
 * On a copy of the deadline-day database (the synthetic units have not submitted Q4 yet; app clock
 * at 14:00 on the Q4 due date), 50 leader clients read for `duration` seconds — 25 connections on
 * `dashboard.overview` and 25 on the live Q4 progress ranking (`scores.ranking`, basis submitted),
 * each an autocannon child process — while units submit their Q4 reports over HTTP
 * (`POST /trpc/reports.submit`, each unit with its own session) at 20 a second. Every submission
 * changes both answers. Passes when the readers' p99 is under 100 ms, no request fails, and every
 * submission the server acknowledged is in the database afterwards (status, version, values).
 */
import path from 'node:path';
import { openDatabase } from '../db/client';
import { DEADLINE_DAY, DEADLINE_NOW, copyDb, type Dataset } from './dataset';
import { runLoad, settle } from './http';
import { fmt, ms, type Row } from './measure';
import { startBenchServer } from './server';

const RATE = 20;

export async function benchMixed(ds: Dataset, deadlineFile: string, duration: number, log: (s: string) => void): Promise<Row> {
  const file = path.join(ds.dir, 'mixed.db');
  copyDb(deadlineFile, file);
  // The units sign in on the deadline day with passwords they changed in time (the dataset's are initial or expired).
  const setup = openDatabase(file, { migrate: false });
  setup.sqlite.prepare(`update accounts set must_change_password = 0, password_changed_at = ?`).run(new Date(DEADLINE_NOW.getTime() - 86_400_000).toISOString());
  setup.close();
  const server = await startBenchServer(file, ds.dir, () => DEADLINE_NOW);
  try {
    const leader = server.cookieFor('leader');
    const overviewUrl = `${server.url}/trpc/dashboard.overview?input=${encodeURIComponent(JSON.stringify({ year: 2018, periodCode: '2018Q4' }))}`;
    const rankingUrl = `${server.url}/trpc/scores.ranking?input=${encodeURIComponent(JSON.stringify({ year: 2018, periodCode: '2018Q4', basis: 'submitted' }))}`;
    for (const url of [overviewUrl, rankingUrl]) {
      const res = await fetch(url, { headers: { cookie: leader } });
      if (res.status !== 200) throw new Error(`bench: ${url} answered ${res.status}`);
      await res.arrayBuffer();
    }
    const count = Math.ceil(RATE * duration) + RATE;
    const writers = ds.units.slice(0, count).map((u) => ({ u, cookie: server.cookieFor(u.code), values: ds.story(u.code).valuesFor(4, DEADLINE_DAY) }));
    if (writers.length < RATE * duration) throw new Error('bench: not enough synthetic units for the mixed row');

    const acknowledged: string[] = [];
    const failed: { code: string; status: number; body: string }[] = [];
    const writeMs: number[] = [];
    let stop = false;
    const submitting = (async () => {
      const t0 = performance.now();
      const pending: Promise<void>[] = [];
      for (const [i, w] of writers.entries()) {
        // Paced: submission i leaves at i / RATE seconds after the start.
        const wait = t0 + (i * 1000) / RATE - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        if (stop) break;
        pending.push(
          (async () => {
            const t = performance.now();
            const res = await fetch(`${server.url}/trpc/reports.submit`, {
              method: 'POST',
              headers: { cookie: w.cookie, 'content-type': 'application/json' },
              body: JSON.stringify({ unitCode: w.u.code, periodCode: '2018Q4', revision: 0, values: w.values }),
            });
            const body = await res.text();
            writeMs.push(performance.now() - t);
            if (res.status === 200) acknowledged.push(w.u.code);
            else failed.push({ code: w.u.code, status: res.status, body: body.slice(0, 200) });
          })(),
        );
      }
      await Promise.all(pending);
    })();
    const readers = Promise.all([runLoad(overviewUrl, { cookie: leader }, duration, 25), runLoad(rankingUrl, { cookie: leader }, duration, 25)]);
    const [overview, ranking] = await readers;
    stop = true;
    await submitting;
    await settle(server.url);

    // Every acknowledged submission is there: submitted, version 1 frozen, its values stored.
    const sqlite = server.services.sqlite;
    const check = sqlite.prepare(`select r.status, v.submitted_at as submittedAt, (select count(*) from report_values rv where rv.version_id = v.id) as n
      from reports r join periods p on p.id = r.period_id join report_versions v on v.report_id = r.id and v.version = r.current_version
      where p.code = '2018Q4' and r.unit_code = ?`);
    const missing = acknowledged.filter((code) => {
      const row = check.get(code) as { status: string; submittedAt: string | null; n: number } | undefined;
      return !row || row.status !== 'submitted' || !row.submittedAt || row.n === 0;
    });
    const errors = overview.errors + overview.non2xx + overview.timeouts + ranking.errors + ranking.non2xx + ranking.timeouts + failed.length;
    const p99 = Math.max(overview.p99, ranking.p99);
    const seconds = duration;
    log(
      `    readers: overview ${fmt(overview.requestsPerSec)} req/s p50 ${ms(overview.p50)} p99 ${ms(overview.p99)} max ${ms(overview.max)}; ` +
        `ranking ${fmt(ranking.requestsPerSec)} req/s p50 ${ms(ranking.p50)} p99 ${ms(ranking.p99)} max ${ms(ranking.max)}; errors ${errors}`,
    );
    const sorted = [...writeMs].sort((a, b) => a - b);
    log(
      `    writers: ${acknowledged.length} submissions acknowledged in ${seconds} s (${fmt(acknowledged.length / seconds, 1)}/s), ${failed.length} failed, ` +
        `p50 ${ms(sorted[Math.floor(sorted.length / 2)] ?? NaN)}, p99 ${ms(sorted[Math.floor(sorted.length * 0.99)] ?? NaN)}; missing afterwards: ${missing.length}`,
    );
    if (failed.length) log(`    first failure: ${JSON.stringify(failed[0])}`);
    return {
      id: 'mixed',
      figure: `mixed load: 50 leader clients (overview + Q4 progress ranking) while units submit ${RATE} reports/s for ${seconds} s`,
      ours: p99,
      oursLabel: `readers' p99 ${ms(p99)}, ${errors} errors, ${acknowledged.length - missing.length}/${acknowledged.length} acknowledged present`,
      limit: null,
      limitLabel: '—',
      ratio: null,
      target: "p99 < 100 ms, 0 errors, all present",
      pass: p99 < 100 && errors === 0 && missing.length === 0 && acknowledged.length >= RATE * seconds * 0.9,
      detail: { overview, ranking, acknowledged: acknowledged.length, failed, missing, writeMs: { p50: sorted[Math.floor(sorted.length / 2)], p99: sorted[Math.floor(sorted.length * 0.99)] } },
    };
  } finally {
    await server.close();
  }
}
