import type { IndicatorValue, ReportValues } from '../report-values';
import { effectiveRule, isComputedRule, type Indicator, type ReportingLevel, type Scheme } from '../scheme';
import { pointsCents } from './exact';
import { evidenceLinks } from './evidence';
import { outOf } from './format';
import { fromDecimal } from './rational';
import { booleanScore, scoreBoolean } from './rule-boolean';
import { countScore, scoreCount } from './rule-count';
import { deadlineScore, scoreDeadline } from './rule-deadline';
import { scoreManual } from './rule-manual';
import { ratioScore, scoreRatio } from './rule-ratio';
import type { Cents } from './cents';
import { scoreRollup, type ChildReport } from './rule-rollup';
import { scoreDueItems } from './rule-ledger';
import type { BudgetTally, EvidenceLink, IndicatorResult, LedgerTally, ManualScore, RuleOutcome, UsedValues } from './types';
import { labelsOf } from './format';
import { annualCellName, annualSources } from '../annual-report/indicator-cells';

export interface IndicatorInput {
  scheme: Pick<Scheme, 'indicators'>;
  ind: Indicator;
  level: ReportingLevel;
  /** The unit's counted report, or null when it has none (0 on everything it reports itself). */
  values: ReportValues | null;
  /** Child units, for rollups. */
  children: readonly ChildReport[];
  /** Assessment date, 'YYYY-MM-DD'. */
  asOf: string;
  /** Reviewer's score, for `manual` indicators. */
  manual?: ManualScore;
  /** A division's due ledger tasks, for `ledger` indicators. */
  ledger?: LedgerTally;
  /** A division's due budget disclosure items, for `budget` indicators. */
  budget?: BudgetTally;
  /** The unit's accepted annual report of the year, for fields the scheme takes from it (null: none accepted). */
  annual?: AnnualCells | null;
  /** false: scores without explanations or children's lists (rankings from scratch); default true. */
  explain?: boolean;
}

/** The cells of a unit's accepted 政府信息公开工作年度报告. */
export interface AnnualCells {
  year: number;
  formatId: string;
  cells: Readonly<Record<string, number | null>>;
}

/** Scores one indicator for one unit at a level, by the rule effective at that level. */
export function scoreIndicator(input: IndicatorInput): IndicatorResult {
  const { ind, level, values } = input;
  const points = ind.points[level];
  if (points === undefined) throw new RangeError(`指标 ${ind.code} 不适用于该层级`);
  const eff = effectiveRule(ind, level);
  const value = values?.[ind.code];
  if (input.explain === false && !ind.annual) return lean(input, eff, points, value);
  const head = {
    code: ind.code,
    name: ind.name,
    group: ind.group,
    rule: eff.rule,
    ...(eff.mode ? { mode: eff.mode } : {}),
    ...(eff.of ? { of: eff.of } : {}),
    points: pointsCents(points),
    evidence: isComputedRule(eff.rule) ? [] : evidenceLinks(value),
  };
  const sources = ind.annual ? annualSources(ind, level) : NO_SOURCES;
  if (!sources.length || values === null) return { ...head, ...outcome(input, eff, points) };
  // Fields the scheme takes from the annual report replace what the progress report says.
  const taken: Record<string, number | undefined> = {};
  for (const s of sources) taken[s.field] = input.annual?.cells[s.cell] ?? undefined;
  const result = outcome({ ...input, values: { ...values, [ind.code]: { ...values[ind.code], ...taken } } }, eff, points);
  if (input.explain === false) return { ...head, ...result };
  const labels = labelsOf(ind);
  const named = sources.map((s) => `${labels[s.field]}取自${input.annual ? `${input.annual.year}年度` : ''}政府信息公开工作年度报告${annualCellName(s.cell, input.annual?.formatId)}`).join('，');
  const note = input.annual ? `（${named}）` : `（${named}；本单位该年度报告尚未采纳，按未填报计）`;
  return { ...head, ...result, explanation: `${result.explanation}${note}` };
}

const NO_SOURCES: ReturnType<typeof annualSources> = [];

const NO_EVIDENCE: EvidenceLink[] = Object.freeze([]) as unknown as EvidenceLink[];
const NO_VALUES: UsedValues = Object.freeze({});

/**
 * `scoreIndicator` without explanations (rankings from scratch): the same score, from the rules'
 * score functions, in one object per indicator. The figures used, evidence and children are left
 * out; `scoreIndicator` with explanations gives them.
 */
function lean(input: IndicatorInput, eff: ReturnType<typeof effectiveRule>, points: number, value: IndicatorValue | undefined): IndicatorResult {
  const { ind } = input;
  const out: IndicatorResult = {
    code: ind.code,
    name: ind.name,
    group: ind.group,
    rule: eff.rule,
    points: pointsCents(points),
    evidence: NO_EVIDENCE,
    values: NO_VALUES,
    score: scoreOnly(input, eff, points, value),
    explanation: '',
  };
  if (eff.mode) out.mode = eff.mode;
  if (eff.of) out.of = eff.of;
  return out;
}

/** The score of one indicator by its effective rule, without an explanation. */
function scoreOnly(input: IndicatorInput, eff: ReturnType<typeof effectiveRule>, points: number, value: IndicatorValue | undefined): Cents {
  const { ind } = input;
  switch (eff.rule) {
    case 'rollup':
    case 'ledger':
    case 'budget':
      return outcome(input, eff, points).score;
    case 'deadline':
      return input.values === null ? 0 : deadlineScore(ind, points, value, input.asOf);
    case 'ratio':
      return input.values === null ? 0 : ratioScore(ind, points, value);
    case 'count':
      return input.values === null ? 0 : countScore(ind, points, value);
    case 'boolean':
      return input.values === null ? 0 : booleanScore(ind, points, value);
    case 'manual':
      return input.values === null ? 0 : scoreManual(points, input.manual, false).score;
  }
}

function outcome(input: IndicatorInput, eff: ReturnType<typeof effectiveRule>, points: number): RuleOutcome {
  const { ind, values, asOf } = input;
  const explain = input.explain !== false;
  if (eff.rule === 'rollup') {
    const source = input.scheme.indicators.find((i) => i.code === eff.of);
    return scoreRollup({ ind, points, source, mode: eff.mode, children: input.children, asOf, explain });
  }
  // Ledger and budget figures come from office-confirmed records, not from the unit's report.
  if (eff.rule === 'ledger' || eff.rule === 'budget') return scoreDueItems(ind, points, input[eff.rule], eff.rule, explain);
  if (values === null) {
    return { values: {}, score: 0, explanation: explain ? `本单位无可计入的报告，本项不得分${outOf(fromDecimal(points))} → 0.00 分` : '' };
  }
  const value = values[ind.code];
  switch (eff.rule) {
    case 'deadline':
      return scoreDeadline(ind, points, value, asOf, explain);
    case 'ratio':
      return scoreRatio(ind, points, value, explain);
    case 'count':
      return scoreCount(ind, points, value, explain);
    case 'boolean':
      return scoreBoolean(ind, points, value, explain);
    case 'manual':
      return scoreManual(points, input.manual, explain);
  }
}
