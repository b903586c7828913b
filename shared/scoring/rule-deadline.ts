import type { IndicatorValue } from '../report-values';
import type { Indicator } from '../scheme';
import { toFixed2 } from './cents';
import { evidenceNote } from './evidence';
import { deductedCents, pointsCents } from './exact';
import { labelsOf, num, pts, result } from './format';
import { fromDecimal, mul, rat, sub } from './rational';
import type { RuleOutcome } from './types';
import { formatDateZh, isIsoDate, monthsLate } from '../dates';

/**
 * Full points if done on or before the deadline; minus deductPerMonth per started month late,
 * floor 0; 0 if not done by the assessment date `asOf`. Without deductPerMonth, late scores 0.
 * With `explain` false the explanation is left empty (rankings from scratch).
 */
export function scoreDeadline(ind: Indicator, points: number, value: IndicatorValue | undefined, asOf: string, explain = true): RuleOutcome {
  if (!isIsoDate(asOf)) throw new RangeError(`考核日期无效: ${asOf}`);
  const date = value?.date?.trim() || null;
  const ev = evidenceNote(ind, value);
  const out = (score: number, explanation: () => string): RuleOutcome => {
    const text = explain ? explanation() + ev.note : '';
    return ev.missing ? { score, explanation: text, values: { date }, evidenceMissing: true } : { score, explanation: text, values: { date } };
  };
  const label = () => labelsOf(ind).date;

  if (!ind.deadline || !isIsoDate(ind.deadline)) return out(0, () => '方案未设置有效的截止日期，无法评分 → 0.00 分');
  const deadline = ind.deadline;
  if (!date) return out(0, () => `未填报${label()}，截至考核日 ${formatDateZh(asOf)} 视为未完成 → 0.00 分`);
  if (!isIsoDate(date)) return out(0, () => `${label()}“${date}”不是有效日期 → 0.00 分`);
  if (date > asOf) {
    return out(0, () => `${label()} ${formatDateZh(date)} 晚于考核日 ${formatDateZh(asOf)}，视为截至考核日未完成 → 0.00 分`);
  }
  const head = () => `${label()} ${formatDateZh(date)}，截止日期 ${formatDateZh(deadline)}`;
  const k = monthsLate(deadline, date);
  if (k === 0) {
    const full = pointsCents(points);
    return out(full, () => `${head()}，按时完成 → 满分 ${toFixed2(full)} 分`);
  }
  const late = () => `${head()}，逾期 ${k} 个月（不足一个月按一个月计）`;
  if (ind.deductPerMonth === undefined) return out(0, () => `${late()}，方案未规定逐月扣分，逾期不得分 → 0.00 分`);
  const perMonth = ind.deductPerMonth;
  const score = deductedCents(points, k, perMonth);
  return out(score, () => {
    const P = fromDecimal(points);
    const raw = sub(P, mul(rat(k), fromDecimal(perMonth)));
    const arithmetic = `${pts(P)} − ${num(perMonth)} × ${k}`;
    return raw.n < 0n ? `${late()} → ${arithmetic} = ${num(raw)}，最低 0 分 → 0.00 分` : `${late()} → ${arithmetic} ${result(raw, score)}`;
  });
}
