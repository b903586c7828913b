import type { IndicatorValue } from '../report-values';
import type { Indicator } from '../scheme';
import { centsOf, toFixed2 } from './cents';
import { evidenceNote } from './evidence';
import { labelsOf, num, pts, result } from './format';
import { cmp, fromDecimal, mul, rat, sub, ZERO } from './rational';
import type { RuleOutcome } from './types';
import { formatDateZh, isIsoDate, monthsLate } from '../dates';

/**
 * Full points if done on or before the deadline; minus deductPerMonth per started month late,
 * floor 0; 0 if not done by the assessment date `asOf`. Without deductPerMonth, late scores 0.
 */
export function scoreDeadline(ind: Indicator, points: number, value: IndicatorValue | undefined, asOf: string): RuleOutcome {
  if (!isIsoDate(asOf)) throw new RangeError(`考核日期无效: ${asOf}`);
  const P = fromDecimal(points);
  const label = labelsOf(ind).date;
  const date = value?.date?.trim() || null;
  const ev = evidenceNote(ind, value);
  const out = (score: number, explanation: string): RuleOutcome => ({
    score,
    explanation: explanation + ev.note,
    values: { date },
    ...(ev.missing ? { evidenceMissing: true } : {}),
  });

  if (!ind.deadline || !isIsoDate(ind.deadline)) return out(0, '方案未设置有效的截止日期，无法评分 → 0.00 分');
  const deadline = ind.deadline;
  if (!date) return out(0, `未填报${label}，截至考核日 ${formatDateZh(asOf)} 视为未完成 → 0.00 分`);
  if (!isIsoDate(date)) return out(0, `${label}“${date}”不是有效日期 → 0.00 分`);
  if (date > asOf) {
    return out(0, `${label} ${formatDateZh(date)} 晚于考核日 ${formatDateZh(asOf)}，视为截至考核日未完成 → 0.00 分`);
  }
  const head = `${label} ${formatDateZh(date)}，截止日期 ${formatDateZh(deadline)}`;
  const k = monthsLate(deadline, date);
  if (k === 0) return out(centsOf(P), `${head}，按时完成 → 满分 ${toFixed2(centsOf(P))} 分`);
  const late = `${head}，逾期 ${k} 个月（不足一个月按一个月计）`;
  if (ind.deductPerMonth === undefined) return out(0, `${late}，方案未规定逐月扣分，逾期不得分 → 0.00 分`);
  const perMonth = fromDecimal(ind.deductPerMonth);
  const raw = sub(P, mul(rat(k), perMonth));
  const arithmetic = `${pts(P)} − ${num(perMonth)} × ${k}`;
  if (cmp(raw, ZERO) < 0) return out(0, `${late} → ${arithmetic} = ${num(raw)}，最低 0 分 → 0.00 分`);
  const score = centsOf(raw);
  return out(score, `${late} → ${arithmetic} ${result(raw, score)}`);
}
