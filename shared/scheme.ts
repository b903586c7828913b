import { z } from 'zod';
import { isIsoDate } from './dates';
import { annualSourceProblems } from './annual-report/indicator-cells';

/** Levels that report and are scored: cities, counties and the department's divisions (处室). The province itself does not report. */
export const ReportingLevel = z.enum(['city', 'county', 'division']);
export type ReportingLevel = z.infer<typeof ReportingLevel>;

/** A real calendar date of the assessment's era (years 2000–2100, as the years themselves). */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine((s) => isIsoDate(s), '日期无效')
  .refine((s) => s >= '2000-01-01' && s <= '2100-12-31', '日期应在 2000 年至 2100 年之间');

export const ScoringRule = z.enum(['deadline', 'ratio', 'count', 'boolean', 'rollup', 'manual', 'ledger', 'budget']);
export type ScoringRule = z.infer<typeof ScoringRule>;

export const RollupMode = z.enum(['sum-ratio', 'share-on-time']);
export type RollupMode = z.infer<typeof RollupMode>;

/** Labels of the value fields a unit reports for an indicator. */
export const IndicatorValueLabels = z.object({
  date: z.string().optional(),
  numerator: z.string().optional(),
  denominator: z.string().optional(),
  count: z.string().optional(),
  unit: z.string().optional(),
});
export type IndicatorValueLabels = z.infer<typeof IndicatorValueLabels>;

export const CityRule = z.object({
  rule: z.literal('rollup'),
  of: z.string(),
  mode: RollupMode,
});
export type CityRule = z.infer<typeof CityRule>;

/** An annual-report cell address `block.row.column`, e.g. applications.new.total. */
const AnnualCellRef = z.string().regex(/^[A-Za-z]\w*\.[A-Za-z]\w*\.[A-Za-z]\w*$/, '年度报告单元格应形如 applications.new.total');

export const Indicator = z.object({
  code: z.string().min(1),
  group: z.string().min(1),
  clause: z.string().optional(),
  owner: z.string().optional(),
  name: z.string().min(1),
  rule: ScoringRule,
  deadline: IsoDate.optional(),
  deductPerMonth: z.number().nonnegative().optional(),
  target: z.number().positive().optional(),
  fullWhenNone: z.boolean().optional(),
  value: IndicatorValueLabels.optional(),
  evidence: z.enum(['required', 'optional']).optional(),
  extra: z.record(z.string(), z.string()).optional(),
  of: z.string().optional(),
  mode: RollupMode.optional(),
  cityRule: CityRule.optional(),
  /**
   * Value fields taken from the unit's accepted 政府信息公开工作年度报告 of the scheme's year instead of
   * its progress report: field → annual-report cell `block.row.column` (shared/annual-report/indicator-cells.ts).
   */
  annual: z
    .strictObject({
      numerator: AnnualCellRef.optional(),
      denominator: AnnualCellRef.optional(),
      count: AnnualCellRef.optional(),
    })
    .optional(),
  points: z.object({ city: z.number().nonnegative().optional(), county: z.number().nonnegative().optional(), division: z.number().nonnegative().optional() }),
});
export type Indicator = z.infer<typeof Indicator>;

export const Grade = z.object({ name: z.string().min(1), min: z.number().min(0).max(100) });
export type Grade = z.infer<typeof Grade>;

export const PeriodDef = z.object({
  code: z.string().regex(/^\d{4}Q[1-4]$/, '期次代码应形如 2018Q1'),
  name: z.string().min(1),
  opens: IsoDate,
  due: IsoDate,
  locks: IsoDate,
  annual: z.boolean().optional(),
});
export type PeriodDef = z.infer<typeof PeriodDef>;

export const IndicatorGroup = z.object({ code: z.string().min(1), name: z.string().min(1) });
export type IndicatorGroup = z.infer<typeof IndicatorGroup>;

/** The shape of a scheme; `validateScheme` adds the plan's rules on top. */
export const SchemeShape = z.object({
  year: z.number().int().min(2000).max(2100),
  title: z.string().min(1),
  disclosureWeight: z.number(),
  minDisclosureWeight: z.number().optional(),
  grades: z.array(Grade).min(1),
  periods: z.array(PeriodDef).min(1),
  groups: z.array(IndicatorGroup).min(1),
  indicators: z.array(Indicator).min(1),
});
export type Scheme = z.infer<typeof SchemeShape>;

/** Clause 十四 of the plan: the disclosure weight in the annual assessment is at least 4%. */
export const MIN_DISCLOSURE_WEIGHT = 0.04;

export interface SchemeProblem {
  path: string;
  message: string;
}

/** Rule an indicator is scored by at a level (cities may override with `cityRule`). */
export function effectiveRule(ind: Indicator, level: ReportingLevel): { rule: ScoringRule; of?: string; mode?: RollupMode } {
  if (level === 'city' && ind.cityRule) return { rule: ind.cityRule.rule, of: ind.cityRule.of, mode: ind.cityRule.mode };
  return { rule: ind.rule, of: ind.of, mode: ind.mode };
}

/** Indicators that apply to a level (those with points for it). */
export function indicatorsFor(scheme: Pick<Scheme, 'indicators'>, level: ReportingLevel): Indicator[] {
  return scheme.indicators.filter((i) => i.points[level] !== undefined);
}

/** Rules whose figures are computed (from child units, the task ledger, budget disclosure records), never reported. */
export function isComputedRule(rule: ScoringRule): boolean {
  return rule === 'rollup' || rule === 'ledger' || rule === 'budget';
}

/** Indicators a unit of this level reports itself (rollups and ledger indicators are computed, not reported). */
export function reportedIndicatorsFor(scheme: Pick<Scheme, 'indicators'>, level: ReportingLevel): Indicator[] {
  return indicatorsFor(scheme, level).filter((i) => !isComputedRule(effectiveRule(i, level).rule));
}

export const LEVEL_NAMES: Record<ReportingLevel, string> = { city: '设区市', county: '县(市、区)', division: '厅机关处室' };

/** Levels a scheme scores: cities and counties always; divisions when any indicator has points for them. */
export function scoredLevels(scheme: Pick<Scheme, 'indicators'>): ReportingLevel[] {
  return ReportingLevel.options.filter((l) => l !== 'division' || scheme.indicators.some((i) => i.points.division !== undefined));
}

/** Sum of points in exact hundredths, so 33.3 + 33.3 + 33.4 is exactly 100. */
function sumHundredths(values: number[]): number {
  return values.reduce((acc, v) => acc + Math.round(v * 100), 0);
}

/**
 * Validates a scheme against the shape and the plan's rules. Returns every problem at once, in Chinese.
 */
export function validateScheme(input: unknown): { ok: true; scheme: Scheme } | { ok: false; problems: SchemeProblem[] } {
  const parsed = SchemeShape.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    };
  }
  const scheme = parsed.data;
  const problems: SchemeProblem[] = [];
  const min = Math.max(MIN_DISCLOSURE_WEIGHT, scheme.minDisclosureWeight ?? 0);
  if (!(scheme.disclosureWeight >= min - 1e-12) || scheme.disclosureWeight > 1) {
    problems.push({
      path: 'disclosureWeight',
      message: `政务公开考核权重为 ${(scheme.disclosureWeight * 100).toFixed(1)}%，按方案第十四条“所占分值权重不低于4%”，权重不得低于 ${(min * 100).toFixed(0)}%`,
    });
  }
  const codes = new Set<string>();
  scheme.indicators.forEach((ind, idx) => {
    if (codes.has(ind.code)) problems.push({ path: `indicators.${idx}.code`, message: `指标代码 ${ind.code} 重复` });
    codes.add(ind.code);
  });
  const groupCodes = new Set(scheme.groups.map((g) => g.code));
  scheme.indicators.forEach((ind, idx) => {
    const where = `indicators.${idx}`;
    if (!groupCodes.has(ind.group)) problems.push({ path: `${where}.group`, message: `指标 ${ind.code} 所属分组 ${ind.group} 不存在` });
    if (ind.points.city === undefined && ind.points.county === undefined && ind.points.division === undefined) {
      problems.push({ path: `${where}.points`, message: `指标 ${ind.code} 未设置任何层级的分值` });
    }
    const rollups: { of?: string; mode?: string; path: string }[] = [];
    if (ind.rule === 'rollup') rollups.push({ of: ind.of, mode: ind.mode, path: where });
    if (ind.cityRule) rollups.push({ of: ind.cityRule.of, mode: ind.cityRule.mode, path: `${where}.cityRule` });
    for (const r of rollups) {
      if (!r.of) problems.push({ path: `${r.path}.of`, message: `汇总指标 ${ind.code} 未指明汇总来源指标` });
      else if (!codes.has(r.of)) problems.push({ path: `${r.path}.of`, message: `汇总指标 ${ind.code} 引用的指标 ${r.of} 不存在` });
      else {
        const src = scheme.indicators.find((i) => i.code === r.of);
        if (src && src.points.county === undefined) {
          problems.push({ path: `${r.path}.of`, message: `汇总指标 ${ind.code} 引用的指标 ${r.of} 不适用于县(市、区)，无法汇总` });
        }
        if (r.mode === 'share-on-time' && src && src.rule !== 'deadline') {
          problems.push({ path: `${r.path}.mode`, message: `汇总指标 ${ind.code} 按期完成率须引用时限类指标，${r.of} 不是` });
        }
        if (r.mode === 'sum-ratio' && src && src.rule !== 'ratio') {
          problems.push({ path: `${r.path}.mode`, message: `汇总指标 ${ind.code} 分子分母汇总须引用比率类指标，${r.of} 不是` });
        }
      }
      if (!r.mode) problems.push({ path: `${r.path}.mode`, message: `汇总指标 ${ind.code} 未指明汇总方式` });
    }
    if ((ind.rule === 'ledger' || ind.rule === 'budget') && (ind.points.city !== undefined || ind.points.county !== undefined || ind.cityRule)) {
      problems.push({ path: `${where}.points`, message: `${ind.rule === 'ledger' ? '台账任务' : '预算决算公开'}指标 ${ind.code} 只适用于厅机关处室` });
    }
    for (const p of annualSourceProblems(ind)) problems.push({ path: `${where}.annual.${p.field}`, message: p.message });
    if (ind.rule === 'deadline' && !ind.deadline) problems.push({ path: `${where}.deadline`, message: `时限类指标 ${ind.code} 未设置截止日期` });
    if ((ind.rule === 'count' || ind.rule === 'ratio') && ind.target === undefined) {
      problems.push({ path: `${where}.target`, message: `指标 ${ind.code} 未设置目标值` });
    }
    for (const level of ReportingLevel.options) {
      const p = ind.points[level];
      if (p !== undefined && Math.abs(p * 100 - Math.round(p * 100)) > 1e-9) {
        problems.push({ path: `${where}.points.${level}`, message: `指标 ${ind.code} 的分值最多保留两位小数` });
      }
    }
  });
  for (const level of scoredLevels(scheme)) {
    const pts = scheme.indicators.map((i) => i.points[level]).filter((p): p is number => p !== undefined);
    const total = sumHundredths(pts);
    if (total !== 10000) {
      problems.push({ path: `points.${level}`, message: `${LEVEL_NAMES[level]}各指标分值合计为 ${total / 100} 分，应为 100 分` });
    }
  }
  const periodCodes = new Set<string>();
  scheme.periods.forEach((p, idx) => {
    if (periodCodes.has(p.code)) problems.push({ path: `periods.${idx}.code`, message: `期次 ${p.code} 重复` });
    periodCodes.add(p.code);
    if (!(p.opens <= p.due && p.due <= p.locks)) {
      problems.push({ path: `periods.${idx}`, message: `期次 ${p.name} 的日期应满足 开始 ≤ 截止 ≤ 锁定` });
    }
  });
  if (scheme.periods.filter((p) => p.annual).length !== 1) {
    problems.push({ path: 'periods', message: '应有且只有一个年度报告期次' });
  }
  const mins = scheme.grades.map((g) => g.min);
  if (!mins.includes(0)) problems.push({ path: 'grades', message: '等级须包含最低分 0 的一档' });
  return problems.length ? { ok: false, problems } : { ok: true, scheme };
}
