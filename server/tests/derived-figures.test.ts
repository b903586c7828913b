/**
 * The stored figures (scores per view, the dashboards' facts and sums) are kept as data arrives:
 * after any random sequence of writes through the services — acceptance, return, reopening,
 * adjustments, manual scores, scheme changes, extensions — they equal a from-scratch computation
 * exactly (cents), and the write services kept them current (no rebuild was needed).
 */
import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database_ } from '../../db/client';
import { readScheme } from '../../db/repo/schemes';
import { createServices, type Services } from '../context';
import { computeScores, scoreUnits, viewMeta } from '../services/scores';
import type { UnitScore } from '../../shared/scoring';
import { storedDetails, storedScores, type ScoreRow } from '../services/derived/stored-scores';
import { computeFacts, computeSums, progressStore } from '../services/derived/progress';
import { builtViews, derivedEpoch } from '../services/derived/epoch';
import { overview } from '../services/dashboard';
import { callerFor } from '../../tests/helpers/callers';
import { copyTemplateDb } from '../../tests/helpers/test-server';
import { clockFrom } from '../clock';
import { readClockStart } from '../../db/repo/settings';

const YEAR = 2018;
let dir: string;
let database: Database_;
let services: Services;

beforeAll(() => {
  const copy = copyTemplateDb();
  dir = copy.dir;
  database = openDatabase(copy.file);
  services = createServices({ db: database.db, sqlite: database.sqlite, dataDir: dir, now: clockFrom(readClockStart(database.db)) });
});
afterAll(() => {
  database.sqlite.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * Stores the views a deadline day reads: the annual ranking (compared with Q3 accepted), the Q4 and
 * Q1 progress rankings (Q4 compared with Q3), the overview's facts and sums.
 */
function readEverything() {
  const { db, units } = services;
  storedScores(db, units, { year: YEAR });
  storedScores(db, units, { year: YEAR, periodCode: '2018Q4', basis: 'submitted' });
  storedScores(db, units, { year: YEAR, periodCode: '2018Q1', basis: 'submitted' });
  progressStore(db, units, YEAR);
}

type ScoreRowDb = ScoreRow & { indicators: string; detail: string };

/** Every stored figure against a computation from scratch. Returns how many figures were compared. */
function expectStoredEqualsScratch(): number {
  const { db, units } = services;
  const state = derivedEpoch(db);
  expect(state.synced, 'the write services kept the stored figures current').toBe(state.epoch);
  let compared = 0;
  const views = builtViews(db, YEAR);
  expect(views.map((v) => `${v.view}|${v.basis}`).sort()).toEqual(['2018Q1|submitted', '2018Q3|accepted', '2018Q3|submitted', '2018Q4|submitted', '|accepted', '|progress']);
  for (const { view, basis } of views) {
    if (basis === 'progress') {
      const facts = computeFacts(db, units, YEAR);
      const sums = computeSums(units, readScheme(db, YEAR)!.scheme, facts);
      for (const r of db.all<{ period_code: string; unit_code: string; facts: string }>(sql`select period_code, unit_code, facts from progress_facts where year = ${YEAR}`)) {
        const want = facts.get(r.period_code)!.get(r.unit_code);
        if (r.facts !== JSON.stringify(want)) expect(JSON.parse(r.facts), `facts ${r.period_code} ${r.unit_code}`).toEqual(want);
        compared++;
      }
      for (const r of db.all<{ period_code: string; scope: string; sums: string }>(sql`select period_code, scope, sums from progress_sums where year = ${YEAR}`)) {
        expect(JSON.parse(r.sums), `sums ${r.period_code} ${r.scope}`).toEqual(sums.get(r.period_code)!.get(r.scope));
        compared++;
      }
      continue;
    }
    const meta = viewMeta(db, { year: YEAR, periodCode: view || undefined, basis: basis as 'accepted' | 'submitted' });
    // Units a write rescored keep their figures and are explained when first read: read them all.
    storedDetails(db, units, { year: YEAR, periodCode: view || undefined, basis: basis as 'accepted' | 'submitted' }, 'all');
    const scored = scoreUnits(db, units, meta);
    // Scores without explanations (rankings from scratch) are the same figures.
    const lean = scoreUnits(db, units, meta, { explain: false });
    const figures = (u: UnitScore) => [u.S, u.raw, u.adjustmentTotal, u.contribution, u.grade, u.hasReport, u.groups, u.indicators.map((i) => [i.code, i.score, i.points])];
    for (const code of Object.keys(scored)) expect(figures(lean[code]), `lean ${view} ${basis} ${code}`).toEqual(figures(scored[code]));
    const rows = db.all<ScoreRowDb>(sql`select * from unit_scores where year = ${YEAR} and view = ${view} and basis = ${basis}`);
    expect(rows.map((r) => r.unit_code).sort()).toEqual(Object.keys(scored).sort());
    for (const r of rows) {
      const u = scored[r.unit_code];
      const where = `${view || 'annual'} ${basis} ${r.unit_code}`;
      expect([r.s, r.raw, r.adjustment_total, r.contribution, r.grade, r.has_report === 1], where).toEqual([u.S, u.raw, u.adjustmentTotal, u.contribution, u.grade, u.hasReport]);
      // Whole explanations compared as text (a deep comparison of 1,000 of them costs seconds); the diff on a mismatch.
      if (r.indicators !== JSON.stringify(u.indicators.map((i) => [i.code, i.score, i.points])) || r.detail !== JSON.stringify(u)) {
        expect(JSON.parse(r.indicators), where).toEqual(u.indicators.map((i) => [i.code, i.score, i.points]));
        expect(JSON.parse(r.detail), where).toEqual(JSON.parse(JSON.stringify(u)));
      }
      compared++;
    }
    // The ranking read from the stored rows equals the one computed from scratch, change columns included.
    if (view !== '' && view !== '2018Q4') continue; // (the compared views are checked row by row above)
    const req = { year: YEAR, periodCode: view || undefined, basis: basis as 'accepted' | 'submitted' };
    const { units: _a, ...fromStore } = storedScores(db, units, req);
    const { units: _b, ...fromScratch } = computeScores(db, units, req);
    expect(fromStore).toEqual(fromScratch);
    const { units: _c, ...leanFresh } = computeScores(db, units, req, { explain: false, fresh: true });
    expect(leanFresh).toEqual(fromScratch);
  }
  return compared;
}

type Command =
  | { kind: 'accept' | 'return' | 'reopen'; pick: number }
  | { kind: 'adjust'; pick: number; cents: number }
  | { kind: 'unadjust'; pick: number }
  | { kind: 'manual'; pick: number; cents: number }
  | { kind: 'scheme'; pick: number }
  | { kind: 'extend'; pick: number };

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ kind: fc.constantFrom('accept' as const, 'return' as const, 'reopen' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('adjust' as const), pick: fc.nat(), cents: fc.integer({ min: -500, max: 500 }).filter((c) => c !== 0) }),
  fc.record({ kind: fc.constant('unadjust' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('manual' as const), pick: fc.nat(), cents: fc.integer({ min: 0, max: 300 }) }),
  fc.record({ kind: fc.constant('scheme' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('extend' as const), pick: fc.nat() }),
);

const REASON = '核查数据后调整';

async function apply(c: Command): Promise<void> {
  const office = callerFor(services, 'office');
  const { db } = services;
  const nth = <T>(list: T[], i: number): T | undefined => (list.length ? list[i % list.length] : undefined);
  const reportsIn = (statuses: string[]) =>
    db.all<{ id: number; revision: number }>(sql`select r.id, r.revision from reports r join periods p on p.id = r.period_id join schemes s on s.id = p.scheme_id
      where s.year = ${YEAR} and r.status in (${sql.join(statuses.map((x) => sql`${x}`), sql`, `)}) order by r.id`);
  const bureaus = services.units.all().filter((u) => u.level === 'city' || u.level === 'county');
  switch (c.kind) {
    case 'accept': {
      const r = nth(reportsIn(['submitted', 'approved']), c.pick);
      if (r) await office.reviews.accept({ reportId: r.id, revision: r.revision });
      return;
    }
    case 'return': {
      const r = nth(reportsIn(['submitted', 'approved']), c.pick);
      if (r) await office.reviews.return({ reportId: r.id, revision: r.revision, reason: REASON });
      return;
    }
    case 'reopen': {
      const r = nth(reportsIn(['accepted']), c.pick);
      if (r) await office.reviews.reopen({ reportId: r.id, revision: r.revision, reason: REASON });
      return;
    }
    case 'adjust': {
      const u = nth(bureaus, c.pick)!;
      await office.scores.adjust({ year: YEAR, unitCode: u.code, points: c.cents / 100, reason: REASON });
      return;
    }
    case 'unadjust': {
      const list = await office.scores.adjustments({ year: YEAR });
      const a = nth(list, c.pick);
      if (a) await office.scores.removeAdjustment({ id: a.id, reason: REASON });
      return;
    }
    case 'manual': {
      const u = nth(bureaus, c.pick)!;
      const manual = readScheme(db, YEAR)!.scheme.indicators.find((i) => i.code === 'MC-03')!.rule === 'manual';
      if (manual) await office.scores.setManualScore({ year: YEAR, unitCode: u.code, indicatorCode: 'MC-03', points: c.cents / 100, reason: REASON });
      return;
    }
    case 'scheme': {
      // A scheme change: MC-03 between a yes/no indicator and a reviewer's score, or the grade bounds or weight.
      const v = await office.scheme.get({ year: YEAR });
      const scheme = structuredClone(v.scheme);
      if (c.pick % 3 === 0) {
        const ind = scheme.indicators.find((i) => i.code === 'MC-03')!;
        if (ind.rule === 'manual') Object.assign(ind, { rule: 'boolean', evidence: 'required' });
        else {
          ind.rule = 'manual';
          delete ind.evidence;
        }
      } else if (c.pick % 3 === 1) scheme.grades = scheme.grades.map((g) => (g.min > 0 ? { ...g, min: g.min + (g.min >= 85 ? -1 : 1) } : g));
      else scheme.disclosureWeight = scheme.disclosureWeight === 0.04 ? 0.05 : 0.04;
      await office.scheme.save({ year: YEAR, version: v.version, scheme });
      return;
    }
    case 'extend': {
      const u = nth(bureaus, c.pick)!;
      const p = nth(readScheme(db, YEAR)!.scheme.periods, c.pick)!;
      await office.periods.extendDue({ unitCode: u.code, periodCode: p.code, due: `${p.due.slice(0, 8)}28`, reason: REASON });
      return;
    }
  }
}

describe('stored figures', () => {
  it('are stored when first read and equal a computation from scratch', () => {
    readEverything();
    expect(expectStoredEqualsScratch()).toBeGreaterThan(1000);
  });

  it('equal a computation from scratch after any sequence of writes (property)', async () => {
    readEverything();
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 3, maxLength: 7 }), async (commands) => {
        for (const c of commands) {
          try {
            await apply(c);
          } catch (err) {
            // A refused write (a date not later than the due date, a stale revision…) changes nothing.
            if (!(err instanceof Error) || !('code' in err)) throw err;
          }
        }
        expectStoredEqualsScratch();
      }),
      { numRuns: 4, endOnFailure: true, seed: 20181231 },
    );
  });

  it('ledger and budget writes keep the divisions\' stored scores current (no rebuild)', async () => {
    const { db } = services;
    readEverything();
    const divisionRow = (code: string) => db.get<{ s: number; detail: string }>(sql`select s, detail from unit_scores where year = ${YEAR} and view = '' and basis = 'accepted' and unit_code = ${code}`);
    expect(divisionRow('330003'), 'the 2018 scheme scores the divisions').toBeDefined();
    const office = callerFor(services, 'office');
    const task = (await office.ledger.list({ year: YEAR })).rows.find((r) => r.reportStatus !== 'accepted' && r.due <= '2018-12-31');
    expect(task, 'a task instance not yet confirmed').toBeDefined();
    const division = callerFor(services, task!.ownerCode);
    const report = await division.ledger.report({ taskId: task!.taskId, instance: task!.instance, revision: task!.revision, progress: 'done', completedOn: task!.due, evidenceUrl: 'http://www.zjjs.gov.cn/art/2018/gjj.html' });
    await office.ledger.accept({ taskReportId: report.taskReportId, revision: report.revision });
    const finance = callerFor(services, '330003');
    const item = await finance.budgets.save({ revision: 0, kind: 'execution', fiscalYear: 2018, title: '2018年度预算执行情况报告', approvedOn: '2018-06-01', publishedOn: '2018-06-30', url: 'http://www.zjjs.gov.cn/art/2018/6/30/ys.html' });
    await office.budgets.accept({ id: item.id, revision: item.revision });
    // The rescored division's figures are stored, its explanations left for the first read.
    expect(divisionRow('330003')!.detail).toBe('');
    // The writes kept the figures (synced = epoch is checked inside), and they equal a computation from scratch.
    expectStoredEqualsScratch();
    const finance18 = JSON.parse(divisionRow('330003')!.detail) as UnitScore;
    expect(finance18.indicators.find((i) => i.rule === 'budget')?.explanation).toContain('2018年度预算执行情况报告');
  });

  it('the overview reads them: the first overview after an acceptance scores nothing', async () => {
    const { db, units } = services;
    const scope = { level: 'province' as const, code: null, label: '全省' };
    overview(db, units, { year: YEAR, periodCode: '2018Q4', scope }, services.now());
    const office = callerFor(services, 'office');
    const queue = await office.reviews.queue({ periodCode: '2018Q4' });
    const item = queue.find((q) => q.status === 'submitted' || q.status === 'approved');
    if (item) await office.reviews.accept({ reportId: item.reportId, revision: item.revision });
    const before = derivedEpoch(db);
    const o = overview(db, units, { year: YEAR, periodCode: '2018Q4', scope }, services.now());
    expect(derivedEpoch(db)).toEqual(before);
    const accepted = db.get<{ n: number }>(sql`select count(*) as n from reports r join periods p on p.id = r.period_id where p.code = '2018Q4' and r.status = 'accepted'
      and r.unit_code in (select code from org_units where level in ('city', 'county'))`)!.n;
    expect(o.kpis.accepted).toBe(accepted);
  });
});
