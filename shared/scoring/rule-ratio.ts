import type { IndicatorValue } from '../report-values';
import type { Indicator } from '../scheme';
import { evidenceNote } from './evidence';
import { figure } from './figures';
import { labelsOf } from './format';
import { fromDecimal } from './rational';
import { ratioCore } from './ratio-core';
import type { RuleOutcome } from './types';

/** points × min(1, (num/den) / target); den = 0 → full when fullWhenNone, else 0; missing values → 0. */
export function scoreRatio(ind: Indicator, points: number, value: IndicatorValue | undefined): RuleOutcome {
  const labels = labelsOf(ind);
  const numerator = value?.numerator ?? null;
  const denominator = value?.denominator ?? null;
  const ev = evidenceNote(ind, value);
  const base = { values: { numerator, denominator }, ...(ev.missing ? { evidenceMissing: true } : {}) };
  const n = figure(numerator);
  const d = figure(denominator);
  const missing = [n.ok || n.why !== 'missing' ? null : labels.numerator, d.ok || d.why !== 'missing' ? null : labels.denominator].filter(
    (x): x is string => x !== null,
  );
  if (missing.length) return { ...base, score: 0, explanation: `未填报${missing.join('、')}，本项不得分 → 0.00 分${ev.note}` };
  if (!n.ok || !d.ok) return { ...base, score: 0, explanation: `${labels.numerator}或${labels.denominator}不是有效的非负数，本项不得分 → 0.00 分${ev.note}` };
  const core = ratioCore({
    points: fromDecimal(points),
    numerator: n.value,
    denominator: d.value,
    target: fromDecimal(ind.target ?? 1),
    fullWhenNone: ind.fullWhenNone === true,
    labels,
  });
  return { ...base, score: core.score, explanation: core.explanation + ev.note };
}
