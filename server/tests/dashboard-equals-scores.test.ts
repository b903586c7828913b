import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { startTestServer, type TestServer } from '../../tests/helpers/test-server';
import { periods, reportValues, reportVersions, reports, schemes } from '../../db/schema';
import { readScheme } from '../../db/repo/schemes';
import { mulberry32 } from '../../db/demo/prng';
import { copyScheme } from '../services/schemes';
import { overview, topics, type RatioRow } from '../services/dashboard';
import { storedScores } from '../services/derived/stored-scores';
import { rational, ratePercent, type IndicatorResult } from '../../shared/scoring';

/**
 * One figure, one rule: for every unit and period, each completion ratio a dashboard shows is the
 * one the unit's score explanation states — the same Σ numerator, Σ denominator and rate.
 */

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

const RATIOS = ['HS-01', 'RH-01'] as const;

/** "已完成改造套数合计 12.5 套 / 年度计划改造套数合计 15 套 = 83.33%" → the two figures and the percentage. */
function figuresOf(explanation: string): { done: number; target: number; percent: number } | null {
  const m = /(\d+(?:\.\d+)?) [^ ]+ \/ [^ ]+ (\d+(?:\.\d+)?) [^ ]+ = (\d+\.\d{2})%/.exec(explanation);
  return m ? { done: Number(m[1]), target: Number(m[2]), percent: Number(m[3]) } : null;
}

function expectSameRatio(where: string, dash: { done: number; target: number; rate: number | null; reporting: number }, ind: IndicatorResult) {
  const said = figuresOf(ind.explanation);
  const counted = ind.rule === 'rollup' ? (ind.children ?? []).filter((c) => c.counted).length : said || /为 0/.test(ind.explanation) ? 1 : 0;
  expect(dash.reporting, `${where}: units counted (${ind.explanation})`).toBe(counted);
  if (said) {
    expect({ done: dash.done, target: dash.target }, `${where}: ${ind.explanation}`).toEqual({ done: said.done, target: said.target });
    // The dashboard shows one decimal: the explanation's exact ratio, rounded half-up once.
    expect(dash.rate, where).toBe(ratePercent(rational.fromDecimal(said.done), rational.fromDecimal(said.target), 1));
    expect(Math.abs((dash.rate ?? 0) - said.percent), where).toBeLessThanOrEqual(0.050001);
  } else {
    // No ratio in the explanation: nothing counted, or a zero denominator (no task).
    expect(dash.rate, `${where}: ${ind.explanation}`).toBeNull();
  }
}

/** Compares both dashboards with the progress scores of every city and county, for every period of a year. */
function compareYear(year: number): number {
  const { db, units } = s.services;
  const now = s.services.now();
  const stored = readScheme(db, year);
  if (!stored) throw new Error(`no scheme ${year}`);
  let compared = 0;
  for (const period of stored.scheme.periods) {
    const run = storedScores(db, units, { year, periodCode: period.code, basis: 'submitted' }, { details: 'all' });
    const ind = (unit: string, code: string) => {
      const found = run.units[unit]?.indicators.find((i) => i.code === code);
      if (!found) throw new Error(`${unit} ${code} not scored`);
      return found;
    };
    const province = { level: 'province' as const, code: null, label: '全省' };
    const t = topics(db, units, { year, periodCode: period.code, scope: province }, now);
    for (const code of RATIOS) {
      const rows: RatioRow[] = code === 'HS-01' ? t.shantytown.rows : t.ruralHousing.rows;
      for (const city of rows) {
        expectSameRatio(`${period.code} ${city.name} ${code}`, city, ind(city.code, code));
        compared++;
        for (const county of city.children) {
          expectSameRatio(`${period.code} ${county.name} ${code}`, county, ind(county.code, code));
          compared++;
        }
      }
    }
    // The overview's per-city rates (comparison chart, tiles) are the same figures.
    const o = overview(db, units, { year, periodCode: period.code, scope: province }, now);
    for (const city of o.cities) {
      for (const [key, code] of [['shantytownRate', 'HS-01'], ['ruralRate', 'RH-01']] as const) {
        const said = figuresOf(ind(city.code, code).explanation);
        expect(city.values[key], `${period.code} ${city.name} ${key}`).toBe(said ? ratePercent(rational.fromDecimal(said.done), rational.fromDecimal(said.target), 1) : null);
        compared++;
      }
    }
  }
  return compared;
}

describe('dashboard figures equal the score explanations', () => {
  it('in the demo database, for every city and county and every 2018 period', () => {
    // 4 periods × 2 indicators × (11 cities + 89 counties) + 4 × 11 × 2 overview rates.
    expect(compareYear(2018)).toBe(4 * 2 * 100 + 4 * 11 * 2);
  });

  it('in a generated year with decimal figures, gaps and every report status', () => {
    const { db, units } = s.services;
    const now = s.services.now();
    copyScheme(db, units, { accountId: null, username: 'test', ip: null }, now, { fromYear: 2018, toYear: 2019 });
    const scheme = db.select().from(schemes).where(eq(schemes.year, 2019)).get()!;
    const pers = db.select().from(periods).where(eq(periods.schemeId, scheme.id)).orderBy(periods.code).all();
    const rng = mulberry32(20190101);
    // Tenths and hundredths add up inexactly in binary floating point (0.1 + 0.2 ≠ 0.3).
    const figure = (): number | null => {
      const r = rng.next();
      if (r < 0.08) return null;
      if (r < 0.12) return 0;
      return rng.int(0, 400) / (rng.chance(0.5) ? 10 : 100);
    };
    const statuses = ['draft', 'submitted', 'approved', 'accepted', 'returned'] as const;
    const at = now.toISOString();
    db.transaction((tx) => {
      for (const unit of units.all().filter((u) => u.level !== 'province')) {
        for (const p of pers) {
          if (rng.chance(0.1)) continue; // no report at all
          const status = statuses[rng.int(0, statuses.length - 1)];
          const submitted = status === 'draft' ? null : at;
          const report = tx
            .insert(reports)
            .values({ unitCode: unit.code, periodId: p.id, status, currentVersion: 1, revision: 1, firstSubmittedAt: submitted, lastSubmittedAt: submitted, updatedAt: at })
            .returning()
            .get();
          const version = tx.insert(reportVersions).values({ reportId: report.id, version: 1, createdAt: at, submittedAt: submitted, source: 'web' }).returning().get();
          for (const code of RATIOS) {
            if (rng.chance(0.05)) continue; // the item left empty
            tx.insert(reportValues).values({ versionId: version.id, indicatorCode: code, numerator: figure(), denominator: figure() }).run();
          }
        }
      }
    });
    expect(compareYear(2019)).toBe(4 * 2 * 100 + 4 * 11 * 2);
  });
});
