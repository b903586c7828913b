import type { IndicatorValue } from '../report-values';
import type { Indicator } from '../scheme';
import { evidenceNote } from './evidence';
import { figureState } from './figures';
import { labelsOf, NO_LABELS } from './format';
import { ratioCore } from './ratio-core';
import type { RuleOutcome } from './types';

/** points × min(1, (num/den) / target); den = 0 → full when fullWhenNone, else 0; missing values → 0. */
export function scoreRatio(ind: Indicator, points: number, value: IndicatorValue | undefined, explain = true): RuleOutcome {
  const numerator = value?.numerator ?? null;
  const denominator = value?.denominator ?? null;
  const ev = evidenceNote(ind, value);
  const values = { numerator, denominator };
  const out = (score: number, explanation: string): RuleOutcome =>
    ev.missing ? { values, evidenceMissing: true, score, explanation } : { values, score, explanation };
  const n = figureState(numerator);
  const d = figureState(denominator);
  if (n !== 'ok' || d !== 'ok') {
    if (!explain) return out(0, '');
    const labels = labelsOf(ind);
    const missing = [n === 'missing' ? labels.numerator : null, d === 'missing' ? labels.denominator : null].filter((x): x is string => x !== null);
    if (missing.length) return out(0, `未填报${missing.join('、')}，本项不得分 → 0.00 分${ev.note}`);
    return out(0, `${labels.numerator}或${labels.denominator}不是有效的非负数，本项不得分 → 0.00 分${ev.note}`);
  }
  const core = ratioCore({
    points,
    numerator: numerator as number,
    denominator: denominator as number,
    target: ind.target ?? 1,
    fullWhenNone: ind.fullWhenNone === true,
    labels: explain ? labelsOf(ind) : NO_LABELS,
    explain,
  });
  return out(core.score, explain ? core.explanation + ev.note : '');
}
