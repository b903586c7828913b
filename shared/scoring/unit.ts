import type { ReportValues } from '../report-values';
import type { ReportingLevel, Scheme } from '../scheme';
import { toFixed2, toSigned2, type Cents } from './cents';
import { weightedCents } from './exact';
import { percent } from './format';
import { gradeFor } from './grade';
import { scoreIndicator, type AnnualCells } from './indicator';
import { fromDecimal } from './rational';
import type { ChildReport } from './rule-rollup';
import type { Adjustment, AppliedAdjustment, BudgetTally, GroupScore, IndicatorResult, LedgerTally, ManualScore, UnitRef, UnitScore } from './types';
import { isIsoDate } from '../dates';

export interface ScoreUnitInput {
  scheme: Scheme;
  level: ReportingLevel;
  unit: UnitRef;
  /** The unit's counted report, or null: 0 on every self-reported indicator; rollups still computed. */
  values: ReportValues | null;
  /** Child units (a city's counties) with their counted reports, for rollups. */
  children: readonly ChildReport[];
  /** Office adjustments, ± cents with reasons. */
  adjustments: readonly Adjustment[];
  /** Reviewer scores for `manual` indicators, by indicator code. */
  manualScores?: Readonly<Record<string, ManualScore>>;
  /** Assessment date, 'YYYY-MM-DD'. */
  asOf: string;
  /** A division's due ledger tasks, for `ledger` indicators. */
  ledger?: LedgerTally;
  /** A division's due budget disclosure items, for `budget` indicators. */
  budget?: BudgetTally;
  /** The unit's accepted annual report of the year, for indicators that take figures from it. */
  annual?: AnnualCells | null;
  /** false: scores only, without explanations (rankings from scratch, verification); default true. */
  explain?: boolean;
}

const MAX_S: Cents = 10000;

/** Scores one unit: every indicator at its level, groups, adjustments, S, grade and contribution. */
export function scoreUnit(input: ScoreUnitInput): UnitScore {
  const { scheme, level, unit, values, children, asOf } = input;
  if (!isIsoDate(asOf)) throw new RangeError(`考核日期无效: ${asOf}`);
  const explain = input.explain !== false;
  const indicators: IndicatorResult[] = [];
  for (const ind of scheme.indicators) {
    if (ind.points[level] === undefined) continue;
    indicators.push(
      scoreIndicator({ scheme, ind, level, values, children, asOf, manual: input.manualScores?.[ind.code], ledger: input.ledger, budget: input.budget, annual: input.annual, explain }),
    );
  }
  const groups: GroupScore[] = [];
  for (const g of scheme.groups) {
    let score = 0;
    let points = 0;
    let any = false;
    for (const i of indicators) {
      if (i.group !== g.code) continue;
      any = true;
      score += i.score;
      points += i.points;
    }
    if (any) groups.push({ code: g.code, name: g.name, score, points });
  }
  const raw = total(indicators.map((i) => i.score));
  const adjustments: AppliedAdjustment[] = input.adjustments.map((a) => ({ cents: a.cents, reason: a.reason }));
  const adjustmentTotal = total(adjustments.map((a) => a.cents));
  const beforeClamp = raw + adjustmentTotal;
  const S = Math.min(MAX_S, Math.max(0, beforeClamp));
  const clamped = beforeClamp > MAX_S ? 'max' : beforeClamp < 0 ? 'min' : 'none';
  const grade = gradeFor(scheme.grades, S);
  const contribution = weightedCents(S, scheme.disclosureWeight);
  return {
    unit,
    level,
    asOf,
    hasReport: values !== null,
    indicators,
    groups,
    maxPoints: total(indicators.map((i) => i.points)),
    raw,
    adjustments,
    adjustmentTotal,
    S,
    clamped,
    explanation: explain ? explainS(raw, adjustments, beforeClamp, S, clamped) : '',
    grade,
    disclosureWeight: scheme.disclosureWeight,
    contribution,
    contributionExplanation: explain ? `S ${toFixed2(S)} 分 × 政务公开权重 ${percent(fromDecimal(scheme.disclosureWeight))} = ${toFixed2(contribution)} 分` : '',
  };
}

function total(xs: readonly Cents[]): Cents {
  return xs.reduce((a, b) => a + b, 0);
}

function explainS(raw: Cents, adj: readonly AppliedAdjustment[], before: Cents, S: Cents, clamped: UnitScore['clamped']): string {
  let text = `指标得分合计 ${toFixed2(raw)} 分`;
  if (adj.length) {
    text += `，调整 ${adj.map((a) => `${toSigned2(a.cents)} 分（${a.reason}）`).join('、')}，合计 ${toFixed2(before)} 分`;
  }
  if (clamped === 'max') text += '，超过 100 分按 100 分计';
  if (clamped === 'min') text += '，低于 0 分按 0 分计';
  return `${text} → S = ${toFixed2(S)} 分`;
}
