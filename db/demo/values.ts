import type { IndicatorValue, ReportValues } from '../../shared/report-values';
import { reportedIndicatorsFor, type Indicator, type ReportingLevel, type Scheme } from '../../shared/scheme';
import { addDays, prevWorkday } from './calendar';
import type { Rng } from './prng';
import { articleUrl, columnUrl } from './sites';

/**
 * The values one unit reports over the year: cumulative figures that rise quarter by quarter, annual
 * plans that stay put, yes/no items that turn "yes" as the year goes, completion dates. Pure: driven
 * by the unit's quality (0…1) and its own random stream.
 */

export type Quarter = 1 | 2 | 3 | 4;

export interface UnitValueOverrides {
  /** Completion date of a deadline indicator (null: not done by the end of the story). */
  dates?: Record<string, string | null>;
  /** Final completion share of an annual-plan ratio (HS-01, RH-01, RH-02). */
  completion?: Record<string, number>;
  /** Annual plan (denominator) of an annual-plan ratio. */
  plan?: Record<string, number>;
  /** Events handled late in each quarter (index 0 = Q1) for an event ratio (IN-01, MC-01 …). */
  lateEvents?: Record<string, readonly number[]>;
  /** Quarter from which a yes/no item is "yes" (null: never in the year). */
  booleans?: Record<string, Quarter | null>;
}

export interface UnitStory {
  code: string;
  level: ReportingLevel;
  quality: number;
  /** The values of a report for `quarter`, as filled in on `reportDate` (China date). */
  valuesFor(quarter: Quarter, reportDate: string): ReportValues;
}

/** Annual-plan ratios: denominator = the year's task, numerator = done so far. */
const PLAN_RATIOS = new Set(['HS-01', 'RH-01', 'RH-02']);

/** Events per quarter [min, max] for event ratios, by level, and the base share handled late. */
const EVENTS: Record<string, { city: [number, number]; county: [number, number]; division?: [number, number]; late: number }> = {
  'IN-01': { city: [3, 9], county: [0, 4], late: 0.35 },
  'MC-01': { city: [2, 6], county: [0, 3], late: 0.5 },
  'MC-02': { city: [3, 12], county: [0, 5], late: 0.25 },
  'MC-05': { city: [0, 2], county: [0, 1], late: 0.6 },
};

/** How hard a yes/no item is (subtracted from quality) and the earliest quarter it can be done in. */
const BOOLEANS: Record<string, { difficulty: number; from: Quarter }> = {
  'CAT-03': { difficulty: 0.05, from: 1 },
  'HS-03': { difficulty: 0.12, from: 3 },
  'RH-03': { difficulty: 0.1, from: 3 },
  'IN-02': { difficulty: -0.15, from: 1 },
  'IN-05': { difficulty: -0.05, from: 1 },
  'IN-07': { difficulty: 0.08, from: 2 },
  'MC-03': { difficulty: 0.02, from: 2 },
};

/** Notes for a zero annual plan. */
const NO_PLAN_NOTES: Record<string, string> = {
  'HS-01': '本年度无棚户区改造计划任务',
  'RH-01': '辖区内本年度无农村危房改造任务',
  'RH-02': '辖区内本年度无农村危房改造补助对象',
};

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** A random working day in [from, to] (inclusive). */
function dayBetween(rng: Rng, from: string, to: string): string {
  const span = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
  const d = prevWorkday(addDays(from, rng.int(0, span)));
  return d < from ? from : d;
}

/** A working day in the middle month of a quarter: when a yes/no item was published. */
function dayInQuarter(rng: Rng, year: number, q: Quarter): string {
  const month = String(q * 3 - 1).padStart(2, '0');
  return dayBetween(rng, `${year}-${month}-03`, `${year}-${month}-26`);
}

type Gen = (quarter: Quarter, reportDate: string) => IndicatorValue | undefined;

export function buildUnitStory(
  scheme: Scheme,
  unit: { code: string; level: ReportingLevel },
  quality: number,
  rng: Rng,
  overrides: UnitValueOverrides = {},
): UnitStory {
  const { code: unitCode, level } = unit;
  const year = scheme.year;
  const q = quality;
  const gens: [string, Gen][] = [];
  const plans = new Map<string, { den: number; nums: number[] }>();

  const planOf = (ind: Indicator): { den: number; nums: number[] } => {
    const known = plans.get(ind.code);
    if (known) return known;
    const override = overrides.plan?.[ind.code];
    let den: number;
    if (override !== undefined) den = override;
    else if (ind.code === 'RH-02' && plans.has('RH-01')) den = plans.get('RH-01')!.den;
    else if (ind.code.startsWith('HS')) den = rng.int(6, 60) * (level === 'city' ? 50 : 10);
    else den = rng.int(12, 180);
    let final = overrides.completion?.[ind.code];
    if (final === undefined) {
      final = ind.code === 'RH-02' ? clamp(0.93 + 0.1 * q + rng.between(-0.04, 0.04), 0, 1) : clamp(0.85 + 0.17 * q + rng.between(-0.06, 0.05), 0, 1);
    }
    const shares = [rng.between(0.12, 0.28), rng.between(0.4, 0.58), rng.between(0.66, 0.84), 1];
    const nums: number[] = [];
    for (let k = 0; k < 4; k++) {
      const n = k === 3 ? Math.round(den * final) : Math.floor(den * final * shares[k]);
      nums.push(Math.min(den, Math.max(n, k > 0 ? nums[k - 1] : 0)));
    }
    if (ind.code === 'RH-02' && plans.has('RH-01')) {
      // Households are noticed publicly before the works finish: never fewer than those completed.
      const done = plans.get('RH-01')!;
      if (done.den === den) for (let k = 0; k < 4; k++) nums[k] = Math.min(den, Math.max(nums[k], done.nums[k]));
    }
    const plan = { den, nums };
    plans.set(ind.code, plan);
    return plan;
  };

  for (const ind of reportedIndicatorsFor(scheme, level)) {
    const code = ind.code;
    switch (ind.rule) {
      case 'deadline': {
        let date: string | null;
        if (overrides.dates && Object.hasOwn(overrides.dates, code)) date = overrides.dates[code];
        else if (ind.deadline && ind.deadline < `${year}-06-30`) {
          // An early deadline (the provident-fund report for the previous year, due in March).
          const s = q + rng.between(-0.1, 0.1);
          const dl = ind.deadline;
          date = s >= 0.6 ? dayBetween(rng, addDays(dl, -20), dl) : s >= 0.4 ? dayBetween(rng, addDays(dl, 2), addDays(dl, 27)) : dayBetween(rng, addDays(dl, 32), addDays(dl, 55));
        } else {
          const s = q + rng.between(-0.1, 0.1);
          date =
            s >= 0.85
              ? dayBetween(rng, `${year}-04-16`, `${year}-09-28`)
              : s >= 0.65
                ? dayBetween(rng, `${year}-08-01`, `${year}-11-30`)
                : s >= 0.45
                  ? dayBetween(rng, `${year}-10-15`, `${year}-12-20`)
                  : dayBetween(rng, `${year}-11-20`, `${year}-12-28`);
        }
        const url = date ? articleUrl(unitCode, code, date, rng.int(1000, 9999)) : null;
        gens.push([
          code,
          (quarter, reportDate) => {
            if (date && date <= reportDate) return { date, evidenceUrl: url };
            if (quarter === 4) return { note: `${ind.name}工作正在推进，尚未完成` };
            return undefined;
          },
        ]);
        break;
      }
      case 'ratio': {
        if (PLAN_RATIOS.has(code)) {
          const plan = planOf(ind);
          const note = plan.den === 0 ? NO_PLAN_NOTES[code] : undefined;
          gens.push([code, (quarter) => ({ numerator: plan.nums[quarter - 1], denominator: plan.den, ...(note ? { note } : {}) })]);
        } else {
          const ev = EVENTS[code] ?? { city: [0, 3], county: [0, 3], late: 0.3 };
          const [lo, hi] = ev[level] ?? [1, 4];
          const forced = overrides.lateEvents?.[code];
          const dens: number[] = [];
          const nums: number[] = [];
          let den = 0;
          let num = 0;
          for (let k = 0; k < 4; k++) {
            const events = rng.int(lo, hi);
            let late = 0;
            for (let e = 0; e < events; e++) if (rng.chance(ev.late * (1 - q))) late++;
            if (forced) late = forced[k] ?? 0;
            const total = Math.max(events, late);
            den += total;
            num += total - late;
            dens.push(den);
            nums.push(num);
          }
          gens.push([code, (quarter) => ({ numerator: nums[quarter - 1], denominator: dens[quarter - 1] })]);
        }
        break;
      }
      case 'count': {
        const target = ind.target ?? 4;
        const s = q + rng.between(-0.12, 0.12);
        const final = Math.max(1, Math.min(target, s >= 0.75 ? target : s >= 0.5 ? target - 1 : target - 2));
        const counts = [1, 2, 3, 4].map((k) => Math.round((final * k) / 4));
        gens.push([code, (quarter) => ({ count: counts[quarter - 1], ...(counts[quarter - 1] > 0 ? { evidenceUrl: columnUrl(unitCode, code) } : {}) })]);
        break;
      }
      case 'boolean': {
        const b = BOOLEANS[code] ?? { difficulty: 0, from: 1 };
        const s = q - b.difficulty + rng.between(-0.12, 0.12);
        const natural = s >= 0.85 ? 1 : s >= 0.72 ? 2 : s >= 0.6 ? 3 : s >= 0.5 ? 4 : 5;
        let yesFrom = Math.max(b.from, natural);
        let day: string | null = dayInQuarter(rng, year, Math.min(4, yesFrom) as Quarter);
        const articleId = rng.int(1000, 9999);
        const forced = overrides.booleans && Object.hasOwn(overrides.booleans, code) ? overrides.booleans[code] : undefined;
        if (forced !== undefined && forced !== yesFrom) {
          yesFrom = forced ?? 5;
          day = forced === null ? null : prevWorkday(`${year}-${String(forced * 3 - 1).padStart(2, '0')}-15`);
        } else if (yesFrom > 4) day = null;
        const url = day ? articleUrl(unitCode, code, day, articleId) : null;
        const extraKey = ind.extra ? Object.keys(ind.extra)[0] : undefined;
        const extraValue = Math.round(clamp(78 + 20 * q + rng.between(-3, 3), 60, 99) * 10) / 10;
        gens.push([
          code,
          (quarter) => {
            if (quarter < yesFrom || !url) return { yes: false };
            return { yes: true, evidenceUrl: url, ...(extraKey ? { extra: { [extraKey]: extraValue } } : {}) };
          },
        ]);
        break;
      }
      default:
        break; // manual: scored by a reviewer, nothing reported
    }
  }

  return {
    code: unitCode,
    level,
    quality,
    valuesFor(quarter, reportDate) {
      const out: ReportValues = {};
      for (const [code, gen] of gens) {
        const v = gen(quarter, reportDate);
        if (v) out[code] = v;
      }
      return out;
    },
  };
}
