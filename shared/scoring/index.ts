/** Scoring engine: pure functions, no I/O, no clock (the assessment date is passed in). */
export { type Cents, centsOf, centsToRational, exactCents, toCents, toFixed2, toSigned2 } from './cents';
export { gradeFor } from './grade';
export { scoreIndicator, type AnnualCells, type IndicatorInput } from './indicator';
export { rankCounties, rankUnits, type CountyRankable, type Rankable, type Ranked, type RankedCounty } from './rank';
export * as rational from './rational';
export type { Rational } from './rational';
export { scoreBoolean } from './rule-boolean';
export { scoreCount } from './rule-count';
export { scoreDeadline } from './rule-deadline';
export { scoreManual } from './rule-manual';
export { scoreRatio } from './rule-ratio';
export { scoreDueItems, scoreLedger } from './rule-ledger';
export { scoreRollup, sumRatioFigures, type ChildReport, type RatioSum, type RollupInput } from './rule-rollup';
export { exactRate, percent, ratePercent } from './format';
export { figure } from './figures';
export type {
  Adjustment,
  AppliedAdjustment,
  EvidenceLink,
  GroupScore,
  IndicatorResult,
  LedgerTally,
  BudgetTally,
  DueItemsTally,
  ManualScore,
  RollupChild,
  RuleOutcome,
  UnitRef,
  UnitScore,
  UsedValues,
} from './types';
export { scoreUnit, type ScoreUnitInput } from './unit';
