import type { IndicatorValue } from '../report-values';
import type { Indicator } from '../scheme';
import { centsOf } from './cents';
import { evidenceNote } from './evidence';
import { figure } from './figures';
import { labelsOf, productLine, qty } from './format';
import { cmp, div, fromDecimal, min, mul, ONE } from './rational';
import type { RuleOutcome } from './types';

/** points × min(1, count / target). */
export function scoreCount(ind: Indicator, points: number, value: IndicatorValue | undefined): RuleOutcome {
  const labels = labelsOf(ind);
  const count = value?.count ?? null;
  const ev = evidenceNote(ind, value);
  const base = { values: { count }, ...(ev.missing ? { evidenceMissing: true } : {}) };
  const c = figure(count);
  if (!c.ok) {
    const why = c.why === 'missing' ? `未填报${labels.count}` : `${labels.count}不是有效的非负数`;
    return { ...base, score: 0, explanation: `${why}，本项不得分 → 0.00 分${ev.note}` };
  }
  const P = fromDecimal(points);
  const target = fromDecimal(ind.target ?? 1);
  const ratio = div(c.value, target);
  const f = min(ONE, ratio);
  const score = centsOf(mul(P, f));
  const over = cmp(ratio, ONE) > 0 ? '，超过目标按满分计' : '';
  const text = `${labels.count} ${qty(c.value, labels.unit)}，目标 ${qty(target, labels.unit)}${over} → ${productLine(P, f, score)}`;
  return { ...base, score, explanation: text + ev.note };
}
