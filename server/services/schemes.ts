import { eq, inArray } from 'drizzle-orm';
import type { DB, Queryable } from '../../db/client';
import { periods, schemes } from '../../db/schema';
import {
  insertScheme,
  listSchemeYears,
  readScheme,
  reportCountsByPeriod,
  SchemeInvalidError,
  updateScheme,
  valueCountsByIndicator,
  type StoredScheme,
} from '../../db/repo/schemes';
import { validateScheme, type Indicator, type PeriodDef, type Scheme, type SchemeProblem } from '../../shared/scheme';
import { Conflict, Forbidden, Invalid, NotFound } from '../errors';
import { writeAudit, type AuditActor } from './audit';
import { keepDerived } from './derived/keep';
import type { UnitDirectory } from './unit-directory';
import { addMonths } from '../../shared/dates';

/* ------------------------------------------------------------------------------------------------
 * Pure helpers: moving a scheme from one assessment year to another.
 * ---------------------------------------------------------------------------------------------- */

/**
 * Moves a calendar date by whole years; a day that does not exist in the target year clamps to the
 * month's last day (2020-02-29 + 1 year → 2021-02-28).
 */
export function shiftDateByYears(isoDate: string, years: number): string {
  return addMonths(isoDate, years * 12);
}

/**
 * Replaces the assessment year where a text names it as a year ('2018年第一季度', '2018年度…'): only
 * a standalone `fromYear` followed by 年 is replaced, so '12018' or '2018-12' stay as they are.
 */
export function renameYearInText(text: string, fromYear: number, toYear: number): string {
  return text.replace(new RegExp(`(?<!\\d)${fromYear}(?=\\s*年)`, 'g'), String(toYear));
}

/** '2018Q1' → '2019Q1' when moving 2018 → 2019. A code of another year is moved by the same difference. */
export function renamePeriodCode(code: string, fromYear: number, toYear: number): string {
  const m = /^(\d{4})(Q[1-4])$/.exec(code);
  if (!m) return code;
  return `${Number(m[1]) + (toYear - fromYear)}${m[2]}`;
}

/** The scheme of `toYear` made from the one of `scheme.year`: every date shifted, every year label renamed. */
export function copySchemeToYear(scheme: Scheme, toYear: number): Scheme {
  const from = scheme.year;
  const years = toYear - from;
  const shiftPeriod = (p: PeriodDef): PeriodDef => ({
    ...p,
    code: renamePeriodCode(p.code, from, toYear),
    name: renameYearInText(p.name, from, toYear),
    opens: shiftDateByYears(p.opens, years),
    due: shiftDateByYears(p.due, years),
    locks: shiftDateByYears(p.locks, years),
  });
  const shiftIndicator = (i: Indicator): Indicator => ({
    ...structuredClone(i),
    name: renameYearInText(i.name, from, toYear),
    ...(i.deadline ? { deadline: shiftDateByYears(i.deadline, years) } : {}),
  });
  return {
    ...structuredClone(scheme),
    year: toYear,
    title: renameYearInText(scheme.title, from, toYear),
    periods: scheme.periods.map(shiftPeriod),
    indicators: scheme.indicators.map(shiftIndicator),
  };
}

/* ------------------------------------------------------------------------------------------------
 * Reading.
 * ---------------------------------------------------------------------------------------------- */

export interface SchemeView {
  year: number;
  version: number;
  frozen: boolean;
  updatedAt: string;
  scheme: Scheme;
  /** Reports per period code (periods with reports cannot be removed or recoded). */
  reportsByPeriod: Record<string, number>;
  /** Reports holding a value per indicator code (such indicators cannot be removed or recoded). */
  reportsByIndicator: Record<string, number>;
}

function view(db: Queryable, stored: StoredScheme): SchemeView {
  return {
    year: stored.scheme.year,
    version: stored.version,
    frozen: stored.frozen,
    updatedAt: stored.updatedAt,
    scheme: stored.scheme,
    reportsByPeriod: reportCountsByPeriod(db, stored.id),
    reportsByIndicator: valueCountsByIndicator(db, stored.id),
  };
}

function loadStored(db: Queryable, year: number): StoredScheme {
  const stored = readScheme(db, year);
  if (!stored) throw new NotFound(`${year} 年度考核方案不存在`);
  return stored;
}

export function schemeYears(db: Queryable) {
  return listSchemeYears(db);
}

export function getScheme(db: Queryable, year: number): SchemeView {
  return view(db, loadStored(db, year));
}

/* ------------------------------------------------------------------------------------------------
 * Writing.
 * ---------------------------------------------------------------------------------------------- */

const PREFIX = 'scheme';

function invalid(problems: SchemeProblem[]): Invalid {
  const list = problems.map((p) => ({ path: p.path ? `${PREFIX}.${p.path}` : PREFIX, message: p.message }));
  return new Invalid(`考核方案有 ${list.length} 处问题：${list.map((p) => p.message).join('；')}`, list);
}

function frozenMessage(year: number): string {
  return `${year} 年度考核结果已发布，方案已冻结，不能修改`;
}

/** Periods and indicators the edit would remove (or recode) although reports already use them. */
function orphanProblems(db: Queryable, stored: StoredScheme, next: Scheme): SchemeProblem[] {
  const problems: SchemeProblem[] = [];
  const byPeriod = reportCountsByPeriod(db, stored.id);
  const keptPeriods = new Set(next.periods.map((p) => p.code));
  for (const p of stored.scheme.periods) {
    const n = byPeriod[p.code] ?? 0;
    if (n > 0 && !keptPeriods.has(p.code)) {
      problems.push({ path: 'periods', message: `期次 ${p.code}（${p.name}）已有 ${n} 份报告，不能删除或修改其代码` });
    }
  }
  const byIndicator = valueCountsByIndicator(db, stored.id);
  const keptIndicators = new Set(next.indicators.map((i) => i.code));
  for (const i of stored.scheme.indicators) {
    const n = byIndicator[i.code] ?? 0;
    if (n > 0 && !keptIndicators.has(i.code)) {
      problems.push({ path: 'indicators', message: `指标 ${i.code}（${i.name}）已有 ${n} 份报告填报了数值，不能删除或修改其代码` });
    }
  }
  return problems;
}

/** Period codes carry their year ('2018Q1' belongs to 2018): reports and scoring find the scheme by it. */
function periodYearProblems(s: Scheme): SchemeProblem[] {
  return s.periods.flatMap((p, idx) =>
    p.code.startsWith(String(s.year)) ? [] : [{ path: `periods.${idx}.code`, message: `期次代码 ${p.code} 应以年度 ${s.year} 开头，如 ${s.year}Q1` }],
  );
}

/** Codes already used by periods of some scheme (period codes are unique across years). */
function takenPeriodCodes(db: Queryable, codes: string[]): string[] {
  if (!codes.length) return [];
  return db
    .select({ code: periods.code })
    .from(periods)
    .where(inArray(periods.code, codes))
    .all()
    .map((r) => r.code);
}

export interface SaveSchemeInput {
  year: number;
  /** The version the editor loaded. */
  version: number;
  scheme: unknown;
}

/**
 * Saves the office's edit of a year's scheme: refused when frozen, when someone saved since it was
 * loaded, when it breaks a rule of the plan (every problem listed) or when it would orphan reports.
 */
export function saveScheme(db: DB, units: UnitDirectory, actor: AuditActor, now: Date, input: SaveSchemeInput): SchemeView {
  return db.transaction((tx) => {
    const keep = keepDerived(tx);
    const stored = loadStored(tx, input.year);
    if (stored.frozen) throw new Forbidden(frozenMessage(input.year));
    const proposedYear = typeof input.scheme === 'object' && input.scheme !== null ? (input.scheme as { year?: unknown }).year : undefined;
    if (proposedYear !== input.year) {
      throw invalid([{ path: 'year', message: `方案中的年度 ${String(proposedYear)} 与所编辑的 ${input.year} 年度不一致` }]);
    }
    if (stored.version !== input.version) {
      throw new Conflict(
        `${input.year} 年度考核方案已在您打开之后被他人修改并保存（您打开的是第 ${input.version} 版，当前为第 ${stored.version} 版），请重新加载后再修改`,
      );
    }
    const checked = validateScheme(input.scheme);
    if (!checked.ok) throw invalid(checked.problems);
    const next = checked.scheme;
    const problems = [...periodYearProblems(next), ...orphanProblems(tx, stored, next)];
    if (problems.length) throw invalid(problems);
    const version = updateScheme(tx, stored.id, stored.version, next, now);
    if (version === null) throw new Conflict(`${input.year} 年度考核方案已在您打开之后被他人修改并保存，请重新加载后再修改`);
    const after = loadStored(tx, input.year);
    writeAudit(tx, actor, now, {
      action: 'scheme.save',
      entity: 'scheme',
      entityId: input.year,
      before: { version: stored.version, scheme: stored.scheme },
      after: { version: after.version, scheme: after.scheme },
    });
    keep.year(input.year);
    keep.finish(units);
    return view(tx, after);
  });
}

/** Starts `toYear` from the scheme of `fromYear`: same indicators, points, grades and weight, dates moved. */
export function copyScheme(db: DB, units: UnitDirectory, actor: AuditActor, now: Date, input: { fromYear: number; toYear: number }): SchemeView {
  return db.transaction((tx) => {
    const keep = keepDerived(tx);
    const source = loadStored(tx, input.fromYear);
    if (input.fromYear === input.toYear) {
      throw new Invalid('目标年度与来源年度相同', [{ path: 'toYear', message: '目标年度应与来源年度不同' }]);
    }
    if (tx.select({ id: schemes.id }).from(schemes).where(eq(schemes.year, input.toYear)).get()) {
      throw new Conflict(`${input.toYear} 年度考核方案已存在，不能重复新建`);
    }
    const next = copySchemeToYear(source.scheme, input.toYear);
    const taken = takenPeriodCodes(tx, next.periods.map((p) => p.code));
    if (taken.length) throw new Conflict(`期次 ${taken.join('、')} 已被其他年度的方案使用`);
    try {
      insertScheme(tx, next, now);
    } catch (err) {
      if (err instanceof SchemeInvalidError) {
        throw invalid(err.problems.map((p) => ({ ...p, message: `${input.fromYear} 年度方案复制后不符合规则：${p.message}` })));
      }
      throw err;
    }
    const created = loadStored(tx, input.toYear);
    writeAudit(tx, actor, now, {
      action: 'scheme.copy',
      entity: 'scheme',
      entityId: input.toYear,
      before: null,
      after: { fromYear: input.fromYear, fromVersion: source.version, version: created.version, scheme: created.scheme },
    });
    keep.year(input.toYear);
    keep.finish(units);
    return view(tx, created);
  });
}
