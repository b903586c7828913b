import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IndicatorValue } from '../report-values';
import { toCents } from './cents';
import { rankUnits } from './rank';
import { scoreBoolean } from './rule-boolean';
import { scoreCount } from './rule-count';
import { scoreDeadline } from './rule-deadline';
import { scoreManual } from './rule-manual';
import { scoreRatio } from './rule-ratio';
import { scoreRollup, type ChildReport } from './rule-rollup';
import { indicator } from './test-helpers';
import { addMonths } from '../dates';

/** Points with up to 2 decimals, as the scheme allows. */
const points = fc.integer({ min: 0, max: 3000 }).map((c) => c / 100);
const target = fc.oneof(fc.constantFrom(1, 4, 0.95, 0.9), fc.integer({ min: 1, max: 1000 }).map((c) => c / 100));
const figure = fc.oneof(fc.integer({ min: 0, max: 10000 }), fc.integer({ min: 0, max: 100000 }).map((c) => c / 100));
const maybeFigure = fc.option(fc.oneof(figure, fc.integer({ min: -50, max: -1 })), { nil: undefined });
const day = fc.integer({ min: 0, max: 1200 }).map((n) => dateFrom('2017-06-01', n));
const evidence = fc.record({ evidenceUrl: fc.option(fc.constantFrom('', ' ', 'http://zjjs.gov.cn/x'), { nil: undefined }), evidenceFile: fc.option(fc.constantFrom('', 'sha256:ab'), { nil: undefined }) });

function dateFrom(start: string, days: number): string {
  const d = new Date(`${start}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function within(score: number, pts: number): void {
  expect(score).toBeGreaterThanOrEqual(0);
  expect(score).toBeLessThanOrEqual(toCents(pts));
  expect(Number.isSafeInteger(score)).toBe(true);
}

const ratioInd = (t: number, fullWhenNone: boolean) => indicator({ rule: 'ratio', target: t, fullWhenNone });
const deadlineInd = (deduct: number) => indicator({ rule: 'deadline', deadline: '2018-12-31', deductPerMonth: deduct });
const asOf = '2020-06-30';

describe('0 ≤ score ≤ points, for every rule', () => {
  it('ratio', () => {
    fc.assert(
      fc.property(points, target, fc.boolean(), maybeFigure, maybeFigure, (p, t, full, n, d) => {
        within(scoreRatio(ratioInd(t, full), p, { numerator: n, denominator: d }).score, p);
      }),
    );
  });
  it('count', () => {
    fc.assert(
      fc.property(points, target, maybeFigure, (p, t, c) => {
        within(scoreCount(indicator({ rule: 'count', target: t }), p, { count: c }).score, p);
      }),
    );
  });
  it('deadline', () => {
    fc.assert(
      fc.property(points, fc.integer({ min: 0, max: 1000 }).map((c) => c / 100), fc.option(day, { nil: undefined }), day, (p, deduct, date, as) => {
        within(scoreDeadline(deadlineInd(deduct), p, { date }, as).score, p);
      }),
    );
  });
  it('boolean', () => {
    fc.assert(
      fc.property(points, fc.option(fc.boolean(), { nil: null }), evidence, (p, yes, ev) => {
        const value: IndicatorValue = { yes, ...ev };
        within(scoreBoolean(indicator({ rule: 'boolean', evidence: 'required' }), p, value).score, p);
      }),
    );
  });
  it('manual', () => {
    fc.assert(
      fc.property(points, fc.double({ min: -100, max: 100, noNaN: true }), (p, s) => {
        within(scoreManual(p, { score: s, reason: '理由' }).score, p);
      }),
    );
  });
  it('rollups', () => {
    const source = indicator({ code: 'S', rule: 'ratio', target: 1, fullWhenNone: true });
    const src = indicator({ code: 'S', rule: 'deadline', deadline: '2018-12-31' });
    const child = fc.record({
      code: fc.string(),
      name: fc.string(),
      values: fc.option(fc.record({ S: fc.record({ numerator: maybeFigure, denominator: maybeFigure, date: fc.option(day, { nil: undefined }) }) }), { nil: null }),
    });
    fc.assert(
      fc.property(points, fc.array(child, { maxLength: 8 }), (p, children) => {
        const ind = indicator({ rule: 'rollup' });
        within(scoreRollup({ ind, points: p, source, mode: 'sum-ratio', children, asOf }).score, p);
        within(scoreRollup({ ind, points: p, source: src, mode: 'share-on-time', children, asOf }).score, p);
      }),
    );
  });
});

describe('more completion never lowers the score', () => {
  it('ratio: a larger numerator, same denominator', () => {
    fc.assert(
      fc.property(points, target, fc.boolean(), figure, figure, figure, (p, t, full, a, b, d) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const ind = ratioInd(t, full);
        expect(scoreRatio(ind, p, { numerator: hi, denominator: d }).score).toBeGreaterThanOrEqual(scoreRatio(ind, p, { numerator: lo, denominator: d }).score);
      }),
    );
  });
  it('count: a larger count', () => {
    fc.assert(
      fc.property(points, target, figure, figure, (p, t, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const ind = indicator({ rule: 'count', target: t });
        expect(scoreCount(ind, p, { count: hi }).score).toBeGreaterThanOrEqual(scoreCount(ind, p, { count: lo }).score);
      }),
    );
  });
  it('deadline: an earlier completion date', () => {
    fc.assert(
      fc.property(points, fc.integer({ min: 0, max: 1000 }).map((c) => c / 100), day, day, day, (p, deduct, a, b, as) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        const ind = deadlineInd(deduct);
        expect(scoreDeadline(ind, p, { date: early }, as).score).toBeGreaterThanOrEqual(scoreDeadline(ind, p, { date: late }, as).score);
      }),
    );
  });
  it('sum-ratio: one child completes more', () => {
    const source = indicator({ code: 'S', rule: 'ratio', target: 1, fullWhenNone: true });
    const reported = fc.record({ numerator: figure, denominator: figure });
    fc.assert(
      fc.property(points, fc.array(reported, { minLength: 1, maxLength: 6 }), fc.nat(), figure, (p, figs, pick, extra) => {
        const i = pick % figs.length;
        const build = (bump: number): ChildReport[] =>
          figs.map((f, j) => ({ code: String(j), name: `县${j}`, values: { S: { ...f, numerator: f.numerator + (j === i ? bump : 0) } } }));
        const ind = indicator({ rule: 'rollup' });
        const before = scoreRollup({ ind, points: p, source, mode: 'sum-ratio', children: build(0), asOf }).score;
        const after = scoreRollup({ ind, points: p, source, mode: 'sum-ratio', children: build(extra), asOf }).score;
        expect(after).toBeGreaterThanOrEqual(before);
      }),
    );
  });
  it('share-on-time: one child finishes earlier', () => {
    const src = indicator({ code: 'S', rule: 'deadline', deadline: '2018-12-31' });
    fc.assert(
      fc.property(points, fc.array(fc.option(day, { nil: null }), { minLength: 1, maxLength: 6 }), fc.nat(), fc.nat({ max: 400 }), (p, dates, pick, earlier) => {
        const i = pick % dates.length;
        const build = (shift: number): ChildReport[] =>
          dates.map((d, j) => ({ code: String(j), name: `县${j}`, values: d === null ? null : { S: { date: j === i ? dateFrom(d, -shift) : d } } }));
        const ind = indicator({ rule: 'rollup' });
        const before = scoreRollup({ ind, points: p, source: src, mode: 'share-on-time', children: build(0), asOf }).score;
        const after = scoreRollup({ ind, points: p, source: src, mode: 'share-on-time', children: build(earlier), asOf }).score;
        expect(after).toBeGreaterThanOrEqual(before);
      }),
    );
  });
});

describe('months late', () => {
  it('is the smallest k with done ≤ deadline + k months', () => {
    fc.assert(
      fc.property(day, day, (deadline, done) => {
        const ind = indicator({ rule: 'deadline', deadline, deductPerMonth: 1 });
        const r = scoreDeadline(ind, 100, { date: done }, '2030-01-01');
        const k = 100 - r.score / 100;
        if (done <= deadline) expect(k).toBe(0);
        else {
          expect(done <= addMonths(deadline, k)).toBe(true);
          expect(done > addMonths(deadline, k - 1)).toBe(true);
        }
      }),
    );
  });
});

describe('ranking', () => {
  const items = fc.uniqueArray(fc.record({ code: fc.string({ minLength: 1, maxLength: 6 }), S: fc.integer({ min: 0, max: 10000 }) }), {
    selector: (x) => x.code,
    maxLength: 30,
  });
  it('is a permutation consistent with S (higher S never ranked worse; equal S equal rank)', () => {
    fc.assert(
      fc.property(items, fc.boolean(), (xs, withTies) => {
        const input = withTies ? xs.map((x) => ({ ...x, S: x.S % 5 })) : xs;
        const ranked = rankUnits(input);
        expect([...ranked.map((r) => r.code)].sort()).toEqual([...input.map((x) => x.code)].sort());
        for (const a of ranked) {
          expect(a.rank).toBe(1 + ranked.filter((b) => b.S > a.S).length);
          for (const b of ranked) {
            if (a.S > b.S) expect(a.rank).toBeLessThan(b.rank);
            if (a.S === b.S) expect(a.rank).toBe(b.rank);
          }
        }
        // the output order does not depend on the input order
        expect(rankUnits([...input].reverse())).toEqual(ranked);
      }),
    );
  });
});
