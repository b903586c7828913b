import type { IndicatorValue } from '../report-values';
import type { Indicator } from '../scheme';
import { evidenceNote } from './evidence';
import { figureState } from './figures';
import { labelsOf } from './format';
import type { Cents } from './cents';
import { cappedCents, pointsCents } from './exact';
import { ratioCore } from './ratio-core';
import type { RuleOutcome, UsedValues } from './types';

/** A rule's outcome with the evidence mark where evidence is missing (fields in the order the stored details keep). */
export function outcomeOf(values: UsedValues, evidenceMissing: boolean, score: number, explanation: string): RuleOutcome {
  return evidenceMissing ? { values, evidenceMissing: true, score, explanation } : { values, score, explanation };
}

/** The ratio rule's score alone, for rankings from scratch (`scoreRatio` gives it with its explanation). */
export function ratioScore(ind: Indicator, points: number, value: IndicatorValue | undefined): Cents {
  const n = value?.numerator;
  const d = value?.denominator;
  if (figureState(n) !== 'ok' || figureState(d) !== 'ok') return 0;
  if (d === 0) return ind.fullWhenNone === true ? pointsCents(points) : 0;
  return cappedCents(points, n!, d!, ind.target ?? 1);
}

/** points × min(1, (num/den) / target); den = 0 → full when fullWhenNone, else 0; missing values → 0. */
export function scoreRatio(ind: Indicator, points: number, value: IndicatorValue | undefined, explain = true): RuleOutcome {
  const numerator = value?.numerator ?? null;
  const denominator = value?.denominator ?? null;
  const ev = evidenceNote(ind, value);
  const values = { numerator, denominator };
  const n = figureState(numerator);
  const d = figureState(denominator);
  if (n !== 'ok' || d !== 'ok') {
    if (!explain) return outcomeOf(values, ev.missing, 0, '');
    const labels = labelsOf(ind);
    const missing = [n === 'missing' ? labels.numerator : null, d === 'missing' ? labels.denominator : null].filter((x): x is string => x !== null);
    if (missing.length) return outcomeOf(values, ev.missing, 0, `未填报${missing.join('、')}，本项不得分 → 0.00 分${ev.note}`);
    return outcomeOf(values, ev.missing, 0, `${labels.numerator}或${labels.denominator}不是有效的非负数，本项不得分 → 0.00 分${ev.note}`);
  }
  if (!explain) return outcomeOf(values, ev.missing, ratioScore(ind, points, value), '');
  const core = ratioCore({
    points,
    numerator: numerator as number,
    denominator: denominator as number,
    target: ind.target ?? 1,
    fullWhenNone: ind.fullWhenNone === true,
    labels: labelsOf(ind),
    explain,
  });
  return outcomeOf(values, ev.missing, core.score, core.explanation + ev.note);
}
