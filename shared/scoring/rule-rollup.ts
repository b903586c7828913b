import type { ReportValues } from '../report-values';
import type { Indicator, RollupMode } from '../scheme';
import { toFixed2 } from './cents';
import { cappedCents, decimalSum, pointsCents } from './exact';
import { figureState } from './figures';
import { labelsOf, NO_LABELS, percent, productLine } from './format';
import { cmp, div, fromDecimal, min, ONE, rat, sum, toNumber, type Rational } from './rational';
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
  /** false: the score only, without its explanation and the children's list (rankings from scratch). */
  explain?: boolean;
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
    const row = { unitCode: c.code, unitName: c.name, numerator: v?.numerator ?? null, denominator: v?.denominator ?? null };
    const why = leftOutOfSum(c, sourceCode);
    return why === null ? { ...row, counted: true } : { ...row, counted: false, reason: why };
  });
  const counted = rows.filter((c) => c.counted);
  return {
    children: rows,
    counted: counted.length,
    numerator: sum(counted.map((c) => fromDecimal(c.numerator ?? 0))),
    denominator: sum(counted.map((c) => fromDecimal(c.denominator ?? 0))),
  };
}

/** Why a child's figures stay out of a Σ numerators / Σ denominators, or null when they count. */
function leftOutOfSum(c: ChildReport, sourceCode: string): string | null {
  if (!c.values) return '无有效报告';
  const v = c.values[sourceCode];
  const n = figureState(v?.numerator);
  const d = figureState(v?.denominator);
  if (n === 'ok' && d === 'ok') return null;
  return n === 'invalid' || d === 'invalid' ? '填报数值无效' : '未填报该项';
}

/** The score of a sum-ratio rollup without its explanation: the same children and sums as `sumRatio`. */
function sumRatioScore(input: RollupInput, source: Indicator): RuleOutcome {
  const nums: number[] = [];
  const dens: number[] = [];
  for (const c of input.children) {
    if (leftOutOfSum(c, source.code) !== null) continue;
    const v = c.values![source.code]!;
    nums.push(v.numerator!);
    dens.push(v.denominator!);
  }
  const missingChildren = namesWithoutReport(input.children);
  if (!nums.length) return { values: {}, score: 0, explanation: '', missingChildren };
  const n = decimalSum(nums);
  const d = decimalSum(dens);
  const fallback = n === null || d === null;
  const numerator = n ?? sum(nums.map((x) => fromDecimal(x)));
  const denominator = d ?? sum(dens.map((x) => fromDecimal(x)));
  const core = ratioCore({
    points: input.points,
    numerator,
    denominator,
    target: source.target ?? 1,
    fullWhenNone: source.fullWhenNone === true,
    labels: NO_LABELS,
    explain: false,
  });
  const values = fallback
    ? { numerator: toNumber(numerator as Rational), denominator: toNumber(denominator as Rational) }
    : { numerator: n, denominator: d };
  return { values, score: core.score, explanation: '', missingChildren };
}

/**
 * Σ numerators / Σ denominators over children whose reports count (not an average of rates).
 * Children without a counted report, or without usable figures, are left out and named.
 */
function sumRatio(input: RollupInput, source: Indicator): RuleOutcome {
  if (input.explain === false) return sumRatioScore(input, source);
  const labels = labelsOf(source);
  const { children, counted, numerator: numSum, denominator: denSum } = sumRatioFigures(input.children, source.code);
  const missingChildren = namesWithoutReport(input.children);
  const leftOut = describeLeftOut(children);
  if (counted === 0) {
    const none = children.length === 0 ? '无下级单位' : `所辖 ${children.length} 个单位均无可计入的数据`;
    return { values: {}, score: 0, explanation: `${none}，本项不得分 → 0.00 分${leftOut}`, children, missingChildren };
  }
  const core = ratioCore({
    points: input.points,
    numerator: numSum,
    denominator: denSum,
    target: source.target ?? 1,
    fullWhenNone: source.fullWhenNone === true,
    labels,
    sumWord: '合计',
    explain: true,
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
  const explain = input.explain !== false;
  const label = explain ? labelsOf(source).date : '';
  /** Why a child has not met the deadline, or null when it has. */
  const notMet = (c: ChildReport, date: string | null): string | null => {
    if (!c.values) return '无有效报告';
    if (!date) return `未填报${label}`;
    if (!isIsoDate(date)) return '日期无效';
    if (date > input.asOf) return '截至考核日未完成';
    if (!deadline || date > deadline) return explain ? `${formatDateZh(date)}完成，逾期` : '逾期';
    return null;
  };
  const children: RollupChild[] = [];
  let met = 0;
  for (const c of input.children) {
    const date = c.values?.[source.code]?.date?.trim() || null;
    const why = notMet(c, date);
    if (why === null) met += 1;
    if (!explain) continue;
    const row = { unitCode: c.code, unitName: c.name, date };
    children.push(why === null ? { ...row, met: true, counted: true } : { ...row, met: false, counted: false, reason: why });
  }
  const missingChildren = namesWithoutReport(input.children);
  const total = input.children.length;
  const listed = explain ? { children, missingChildren } : { missingChildren };
  if (total === 0) {
    const full = input.ind.fullWhenNone === true;
    const score = full ? pointsCents(input.points) : 0;
    const explanation = explain ? `无下级单位，${full ? `按规定得满分 → ${toFixed2(score)} 分` : '本项不得分 → 0.00 分'}` : '';
    return { values: { met, total }, score, explanation, ...listed };
  }
  const score = cappedCents(input.points, met, total, input.ind.target ?? 1);
  if (!explain) return { values: { met, total }, score, explanation: '', ...listed };
  const P = fromDecimal(input.points);
  const share = rat(BigInt(met), BigInt(total));
  const target = fromDecimal(input.ind.target ?? 1);
  const ofTarget = div(share, target);
  const by = deadline ? `于 ${formatDateZh(deadline)} 前` : '按期';
  let text = `所辖单位中${by}完成的 ${met} 个 / 全部 ${total} 个 = ${percent(share)}`;
  if (cmp(target, ONE) !== 0) text += `，目标 ${percent(target)}，完成目标的 ${percent(ofTarget)}`;
  if (cmp(ofTarget, ONE) > 0) text += '，超过目标按满分计';
  return {
    values: { met, total },
    score,
    explanation: `${text} → ${productLine(P, min(ONE, ofTarget), score)}${describeLeftOut(children, '未按期')}`,
    ...listed,
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
