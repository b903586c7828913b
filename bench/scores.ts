/**
 * Row 1 — score and rank all units for a year, from scratch.
 *
 * Ours: `computeScores(db, units, { year }, { explain: false, fresh: true })`, the reference the
 * stored figures are checked against and what a republish or a verification recomputes: it scores
 * the annual view (each unit's accepted Q4 report) and, for the change column, the previous
 * period's view (each unit's latest accepted report up to Q3) — both from scratch, nothing
 * remembered — then ranks cities and counties. Scores only: the explanations (built for the unit
 * page, the stored details and the export) are timed separately, as information.
 *
 * Limit: one raw better-sqlite3 statement that scans the same values (the current versions of the
 * same reports of both views) and aggregates them per unit, plus a JS sort of the units by the
 * aggregate: what reading and "scoring" the same data costs at minimum.
 */
import { openDatabase } from '../db/client';
import { createServices } from '../server/context';
import { computeScores } from '../server/services/scores';
import { storedScores } from '../server/services/derived/stored-scores';
import { median, ms, timePairs, timeRuns, type Row } from './measure';

const RAW_SCAN = `
with cur as materialized (
  select r.unit_code as unit_code, p.code as period_code, v.id as version_id
  from reports r
  join periods p on p.id = r.period_id
  join report_versions v on v.report_id = r.id and v.version = r.current_version
  join schemes s on s.id = p.scheme_id
  where s.year = ? and r.status = 'accepted'
),
annual as (select unit_code, version_id from cur where period_code = ?),
latest as (select unit_code, max(period_code) as period_code from cur where period_code <= ? group by unit_code),
prev as (select c.unit_code, c.version_id from cur c join latest l on l.unit_code = c.unit_code and l.period_code = c.period_code),
counted as (
  select a.unit_code, rv.* from annual a join report_values rv on rv.version_id = a.version_id
  union all
  select p.unit_code, rv.* from prev p join report_values rv on rv.version_id = p.version_id
)
select unit_code as unitCode, count(*) as n, sum(numerator) as num, sum(denominator) as den, sum(count) as cnt,
       sum(yes) as yes, max(date) as lastDate, sum(evidence_url is not null) as evidence
from counted group by unit_code`;

interface Agg {
  unitCode: string;
  n: number;
  num: number | null;
  den: number | null;
  cnt: number | null;
  yes: number | null;
  lastDate: string | null;
  evidence: number;
}

export async function benchScores(file: string, runs: number): Promise<Row> {
  const { db, sqlite } = openDatabase(file, { migrate: false });
  const services = createServices({ db, sqlite, dataDir: '.' });
  const scan = sqlite.prepare(RAW_SCAN);
  let scanned = 0;
  const raw = () => {
    const rows = scan.all(2018, '2018Q4', '2018Q3') as Agg[];
    scanned = rows.reduce((a, r) => a + r.n, 0);
    const score = (r: Agg) => (r.den ? (r.num ?? 0) / r.den : 0) + (r.yes ?? 0) + (r.cnt ?? 0) / 4 + r.evidence / 10;
    return rows.map((r) => ({ code: r.unitCode, s: score(r) })).sort((a, b) => b.s - a.s);
  };
  let units = 0;
  const ours = () => {
    const run = computeScores(db, services.units, { year: 2018 }, { explain: false, fresh: true });
    units = run.cities.length + run.counties.length;
  };
  const t = await timePairs(runs, ours, raw);
  // Informational: the same with every explanation written (what building a stored view costs).
  const explained = await timeRuns(runs, () => computeScores(db, services.units, { year: 2018 }, { fresh: true }), 0);
  // Informational: the same ranking read from the stored figures (what `scores.ranking` does).
  storedScores(db, services.units, { year: 2018 });
  const hit = await timeRuns(runs, () => storedScores(db, services.units, { year: 2018 }), 0);
  sqlite.close();
  const o = median(t.a);
  const l = median(t.b);
  const ratio = o / l;
  return {
    id: 'scores',
    figure: `score and rank all units for a year (${units.toLocaleString('en-US')} units; computeScores, uncached)`,
    ours: o,
    oursLabel: ms(o),
    limit: l,
    limitLabel: `${ms(l)} (raw scan of ${scanned.toLocaleString('en-US')} values)`,
    ratio,
    target: '≤ 2×',
    pass: ratio <= 2,
    detail: { oursMs: t.a, limitMs: t.b, units, valuesScanned: scanned, storedReadMs: median(hit), explainedMs: median(explained) },
  };
}
