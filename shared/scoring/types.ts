import type { ReportingLevel, RollupMode, ScoringRule } from '../scheme';
import type { Cents } from './cents';

/** The figures a score was computed from (for rollups: the sums over counted children). */
export interface UsedValues {
  date?: string | null;
  numerator?: number | null;
  denominator?: number | null;
  count?: number | null;
  yes?: boolean | null;
  manualScore?: number | null;
  /** Extra named figures the scheme asks for (e.g. 绩效评价得分). */
  extra?: Record<string, number | null>;
  /** share-on-time: children that met the deadline, and all children. */
  met?: number;
  total?: number;
}

export interface EvidenceLink {
  type: 'url' | 'file';
  /** The URL, or the content hash of the uploaded file. */
  ref: string;
}

/** One child unit's part in a rollup. */
export interface RollupChild {
  unitCode: string;
  unitName: string;
  /** sum-ratio */
  numerator?: number | null;
  denominator?: number | null;
  /** share-on-time */
  date?: string | null;
  met?: boolean;
  /** Whether the child's figures entered the sums (sum-ratio) or it met the deadline (share-on-time). */
  counted: boolean;
  /** Why not, in Chinese, when not counted. */
  reason?: string;
}

/** A division's dated items that fell due by the assessment date: ledger tasks, budget disclosures (see rule-ledger). */
export interface DueItemsTally {
  items: { text: string; due: string; met: boolean; why: string }[];
}
/** A division's ledger task instances that fell due by the assessment date. */
export type LedgerTally = DueItemsTally;
/** A division's budget disclosure items that fell due (20 days after approval) by the assessment date. */
export type BudgetTally = DueItemsTally;

/** What a rule computes for one indicator. */
export interface RuleOutcome {
  score: Cents;
  explanation: string;
  values: UsedValues;
  /** The scheme asks for evidence and none was given (only `boolean` loses points for it). */
  evidenceMissing?: boolean;
  children?: RollupChild[];
  missingChildren?: string[];
}

export interface IndicatorResult extends RuleOutcome {
  code: string;
  name: string;
  group: string;
  /** The rule effective at the level (a city's cityRule override shows as `rollup`). */
  rule: ScoringRule;
  mode?: RollupMode;
  of?: string;
  points: Cents;
  evidence: EvidenceLink[];
}

export interface GroupScore {
  code: string;
  name: string;
  score: Cents;
  points: Cents;
}

/** A reviewer's score for a `manual` indicator, in cents (hundredths of a point). */
export interface ManualScore {
  cents: Cents;
  reason: string;
}

export interface Adjustment {
  /** ± cents (hundredths of a point). */
  cents: Cents;
  reason: string;
}

export interface AppliedAdjustment {
  cents: Cents;
  reason: string;
}

export interface UnitRef {
  code: string;
  name: string;
}

export interface UnitScore {
  unit: UnitRef;
  level: ReportingLevel;
  asOf: string;
  /** Whether the unit had a counted report (false: 0 on everything it reports itself). */
  hasReport: boolean;
  indicators: IndicatorResult[];
  groups: GroupScore[];
  /** Σ indicator points at this level (10000 for a valid scheme). */
  maxPoints: Cents;
  /** Σ indicator scores, before adjustments. */
  raw: Cents;
  adjustments: AppliedAdjustment[];
  adjustmentTotal: Cents;
  /** Disclosure score after adjustments, clamped to 0…100. */
  S: Cents;
  clamped: 'none' | 'max' | 'min';
  explanation: string;
  grade: string | null;
  disclosureWeight: number;
  /** S × disclosureWeight, rounded half-up. */
  contribution: Cents;
  contributionExplanation: string;
}
