import type { IndicatorValue } from '../report-values';
import type { Indicator } from '../scheme';
import { evidenceNote } from './evidence';
import { cappedCents } from './exact';
import { figureState } from './figures';
import { labelsOf, productLine, qty } from './format';
import { cmp, div, fromDecimal, min, ONE } from './rational';
import type { RuleOutcome } from './types';
import type { Cents } from './cents';
import { outcomeOf } from './rule-ratio';

/** The count rule's score alone, for rankings from scratch (`scoreCount` gives it with its explanation). */
export function countScore(ind: Indicator, points: number, value: IndicatorValue | undefined): Cents {
  const count = value?.count;
  return figureState(count) === 'ok' ? cappedCents(points, count!, 1, ind.target ?? 1) : 0;
}

/** points × min(1, count / target). */
export function scoreCount(ind: Indicator, points: number, value: IndicatorValue | undefined, explain = true): RuleOutcome {
  const count = value?.count ?? null;
  const ev = evidenceNote(ind, value);
  const values = { count };
  const state = figureState(count);
  if (state !== 'ok') {
    if (!explain) return outcomeOf(values, ev.missing, 0, '');
    const labels = labelsOf(ind);
    const why = state === 'missing' ? `未填报${labels.count}` : `${labels.count}不是有效的非负数`;
    return outcomeOf(values, ev.missing, 0, `${why}，本项不得分 → 0.00 分${ev.note}`);
  }
  const score = countScore(ind, points, value);
  if (!explain) return outcomeOf(values, ev.missing, score, '');
  const labels = labelsOf(ind);
  const c = fromDecimal(count as number);
  const target = fromDecimal(ind.target ?? 1);
  const ratio = div(c, target);
  const over = cmp(ratio, ONE) > 0 ? '，超过目标按满分计' : '';
  const text = `${labels.count} ${qty(c, labels.unit)}，目标 ${qty(target, labels.unit)}${over} → ${productLine(fromDecimal(points), min(ONE, ratio), score)}`;
  return outcomeOf(values, ev.missing, score, text + ev.note);
}
