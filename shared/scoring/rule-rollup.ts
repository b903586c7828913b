import type { ReportValues } from '../report-values';
import type { Indicator, RollupMode } from '../scheme';
import { centsOf, toFixed2 } from './cents';
import { figure } from './figures';
import { labelsOf, percent, productLine } from './format';
import { cmp, div, fromDecimal, min, mul, ONE, rat, sum, toNumber, type Rational } from './rational';
import { ratioCore } from './ratio-core';
import type { RollupChild, RuleOutcome } from './types';
import { formatDateZh, isIsoDate } from '../dates';

export interface ChildReport {
  code: string;
  name: string;
  /** The child's counted report, or null when it has none. */
  values: ReportValues | null;
}

export interface RollupInput {
  /** The rollup indicator (its points are the ones awarded). */
  ind: Indicator;
  points: number;
  /** The indicator the children report (`of`). */
  source: Indicator | undefined;
  mode: RollupMode | undefined;
  children: readonly ChildReport[];
  asOf: string;
}

export function scoreRollup(input: RollupInput): RuleOutcome {
  const { source, mode } = input;
  if (!source) return { values: {}, score: 0, explanation: `汇总来源指标 ${input.ind.of ?? input.ind.cityRule?.of ?? ''} 不存在，无法评分 → 0.00 分` };
  if (mode === 'sum-ratio') return sumRatio(input, source);
  if (mode === 'share-on-time') return shareOnTime(input, source);
  return { values: {}, score: 0, explanation: '未指明汇总方式，无法评分 → 0.00 分' };
}

/** The children's part in a sum-ratio and the exact sums over those that count. */
export interface RatioSum {
  children: RollupChild[];
  /** How many children's figures entered the sums. */
  counted: number;
  numerator: Rational;
  denominator: Rational;
}

/**
 * Which children count for a Σ numerators / Σ denominators, and the exact sums — the one rule for
 * the city rollup and for every dashboard or export figure summed over units. A child counts when
 * it has a counted report with both figures filled in as non-negative numbers.
 */
export function sumRatioFigures(children: readonly ChildReport[], sourceCode: string): RatioSum {
  const rows: RollupChild[] = children.map((c) => {
    const v = c.values?.[sourceCode];
    const numerator = v?.numerator ?? null;
    const denominator = v?.denominator ?? null;
    const row = { unitCode: c.code, unitName: c.name, numerator, denominator };
    if (!c.values) return { ...row, counted: false, reason: '无有效报告' };
    const n = figure(numerator);
    const d = figure(denominator);
    if (!n.ok || !d.ok) {
      const why = (!n.ok && n.why === 'invalid') || (!d.ok && d.why === 'invalid') ? '填报数值无效' : '未填报该项';
      return { ...row, counted: false, reason: why };
    }
    return { ...row, counted: true };
  });
  const counted = rows.filter((c) => c.counted);
  return {
    children: rows,
    counted: counted.length,
    numerator: sum(counted.map((c) => fromDecimal(c.numerator ?? 0))),
    denominator: sum(counted.map((c) => fromDecimal(c.denominator ?? 0))),
  };
}

/**
 * Σ numerators / Σ denominators over children whose reports count (not an average of rates).
 * Children without a counted report, or without usable figures, are left out and named.
 */
function sumRatio(input: RollupInput, source: Indicator): RuleOutcome {
  const labels = labelsOf(source);
  const { children, counted, numerator: numSum, denominator: denSum } = sumRatioFigures(input.children, source.code);
  const missingChildren = namesWithoutReport(input.children);
  const leftOut = describeLeftOut(children);
  const P = fromDecimal(input.points);
  if (counted === 0) {
    const none = children.length === 0 ? '无下级单位' : `所辖 ${children.length} 个单位均无可计入的数据`;
    return { values: {}, score: 0, explanation: `${none}，本项不得分 → 0.00 分${leftOut}`, children, missingChildren };
  }
  const core = ratioCore({
    points: P,
    numerator: numSum,
    denominator: denSum,
    target: fromDecimal(source.target ?? 1),
    fullWhenNone: source.fullWhenNone === true,
    labels,
    sumWord: '合计',
  });
  const head = `汇总所辖 ${children.length} 个单位中 ${counted} 个的数据：`;
  return {
    values: { numerator: toNumber(numSum), denominator: toNumber(denSum) },
    score: core.score,
    explanation: head + core.explanation + leftOut,
    children,
    missingChildren,
  };
}

/**
 * Children that met the source deadline (done on or before it, and by the assessment date) divided
 * by ALL children; a child without a counted report has not met it. The target is the rollup
 * indicator's own (default 1); with no children at all the rollup's `fullWhenNone` decides.
 */
function shareOnTime(input: RollupInput, source: Indicator): RuleOutcome {
  const deadline = source.deadline;
  const label = labelsOf(source).date;
  const children: RollupChild[] = input.children.map((c) => {
    const date = c.values?.[source.code]?.date?.trim() || null;
    const row = { unitCode: c.code, unitName: c.name, date };
    const notMet = (reason: string): RollupChild => ({ ...row, met: false, counted: false, reason });
    if (!c.values) return notMet('无有效报告');
    if (!date) return notMet(`未填报${label}`);
    if (!isIsoDate(date)) return notMet('日期无效');
    if (date > input.asOf) return notMet('截至考核日未完成');
    if (!deadline || date > deadline) return notMet(`${formatDateZh(date)}完成，逾期`);
    return { ...row, met: true, counted: true };
  });
  const missingChildren = namesWithoutReport(input.children);
  const total = children.length;
  const met = children.filter((c) => c.met).length;
  const P = fromDecimal(input.points);
  if (total === 0) {
    const full = input.ind.fullWhenNone === true;
    const score = full ? centsOf(P) : 0;
    return { values: { met, total }, score, explanation: `无下级单位，${full ? `按规定得满分 → ${toFixed2(score)} 分` : '本项不得分 → 0.00 分'}`, children, missingChildren };
  }
  const share = rat(BigInt(met), BigInt(total));
  const target = fromDecimal(input.ind.target ?? 1);
  const ofTarget = div(share, target);
  const f = min(ONE, ofTarget);
  const score = centsOf(mul(P, f));
  const by = deadline ? `于 ${formatDateZh(deadline)} 前` : '按期';
  let text = `所辖单位中${by}完成的 ${met} 个 / 全部 ${total} 个 = ${percent(share)}`;
  if (cmp(target, ONE) !== 0) text += `，目标 ${percent(target)}，完成目标的 ${percent(ofTarget)}`;
  if (cmp(ofTarget, ONE) > 0) text += '，超过目标按满分计';
  return {
    values: { met, total },
    score,
    explanation: `${text} → ${productLine(P, f, score)}${describeLeftOut(children, '未按期')}`,
    children,
    missingChildren,
  };
}

function namesWithoutReport(children: readonly ChildReport[]): string[] {
  return children.filter((c) => c.values === null).map((c) => c.name);
}

/** "；未计入：淳安县（无有效报告）；建德市、桐庐县（未填报该项）" */
function describeLeftOut(children: readonly RollupChild[], word = '未计入'): string {
  const groups = new Map<string, string[]>();
  for (const c of children) {
    if (c.counted) continue;
    const reason = c.reason ?? word;
    groups.set(reason, [...(groups.get(reason) ?? []), c.unitName]);
  }
  if (groups.size === 0) return '';
  return `；${word}：${[...groups].map(([reason, names]) => `${names.join('、')}（${reason}）`).join('，')}`;
}
