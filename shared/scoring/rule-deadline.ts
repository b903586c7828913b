import type { IndicatorValue } from '../report-values';
import type { Indicator } from '../scheme';
import { toFixed2, type Cents } from './cents';
import { evidenceNote } from './evidence';
import { deductedCents, pointsCents } from './exact';
import { labelsOf, num, pts, result } from './format';
import { fromDecimal, mul, rat, sub } from './rational';
import type { RuleOutcome } from './types';
import { formatDateZh, isIsoDate, monthsLate } from '../dates';

/** Which case of the deadline rule a reported date falls in. */
type DeadlineCase = 'no-deadline' | 'missing' | 'invalid' | 'after-as-of' | 'on-time' | 'late-no-deduction' | 'late';

const NO_DEADLINE = -1;
const NOT_REPORTED = -2;
const INVALID_DATE = -3;
const AFTER_AS_OF = -4;
const CASES: Record<number, DeadlineCase> = { [NO_DEADLINE]: 'no-deadline', [NOT_REPORTED]: 'missing', [INVALID_DATE]: 'invalid', [AFTER_AS_OF]: 'after-as-of' };

/** Months late (0: on time), or a negative code for a date that cannot score: the rule's one case analysis. */
function monthsOrCase(ind: Indicator, date: string | null, asOf: string): number {
  if (!ind.deadline || !isIsoDate(ind.deadline)) return NO_DEADLINE;
  if (!date) return NOT_REPORTED;
  if (!isIsoDate(date)) return INVALID_DATE;
  if (date > asOf) return AFTER_AS_OF;
  return monthsLate(ind.deadline, date);
}

function scoreOf(ind: Indicator, points: number, months: number): Cents {
  if (months < 0) return 0;
  if (months === 0) return pointsCents(points);
  return ind.deductPerMonth === undefined ? 0 : deductedCents(points, months, ind.deductPerMonth);
}

/** The deadline rule's score alone, for rankings from scratch (`scoreDeadline` gives it with its explanation). */
export function deadlineScore(ind: Indicator, points: number, value: IndicatorValue | undefined, asOf: string): Cents {
  return scoreOf(ind, points, monthsOrCase(ind, value?.date?.trim() || null, asOf));
}

/**
 * Full points if done on or before the deadline; minus deductPerMonth per started month late,
 * floor 0; 0 if not done by the assessment date `asOf`. Without deductPerMonth, late scores 0.
 * With `explain` false the explanation is left empty (rankings from scratch).
 */
export function scoreDeadline(ind: Indicator, points: number, value: IndicatorValue | undefined, asOf: string, explain = true): RuleOutcome {
  if (!isIsoDate(asOf)) throw new RangeError(`考核日期无效: ${asOf}`);
  const date = value?.date?.trim() || null;
  const ev = evidenceNote(ind, value);
  const months = monthsOrCase(ind, date, asOf);
  const score = scoreOf(ind, points, months);
  const c: DeadlineCase = months < 0 ? CASES[months] : months === 0 ? 'on-time' : ind.deductPerMonth === undefined ? 'late-no-deduction' : 'late';
  const explanation = explain ? deadlineText(c, ind, points, date, asOf, months, score) + ev.note : '';
  return ev.missing ? { score, explanation, values: { date }, evidenceMissing: true } : { score, explanation, values: { date } };
}

/** The deadline rule's explanation of one case, in Chinese. */
function deadlineText(c: DeadlineCase, ind: Indicator, points: number, date: string | null, asOf: string, months: number, score: Cents): string {
  const label = labelsOf(ind).date;
  if (c === 'no-deadline') return '方案未设置有效的截止日期，无法评分 → 0.00 分';
  if (c === 'missing') return `未填报${label}，截至考核日 ${formatDateZh(asOf)} 视为未完成 → 0.00 分`;
  if (c === 'invalid') return `${label}“${date}”不是有效日期 → 0.00 分`;
  if (c === 'after-as-of') return `${label} ${formatDateZh(date!)} 晚于考核日 ${formatDateZh(asOf)}，视为截至考核日未完成 → 0.00 分`;
  const head = `${label} ${formatDateZh(date!)}，截止日期 ${formatDateZh(ind.deadline!)}`;
  if (c === 'on-time') return `${head}，按时完成 → 满分 ${toFixed2(score)} 分`;
  const late = `${head}，逾期 ${months} 个月（不足一个月按一个月计）`;
  if (c === 'late-no-deduction') return `${late}，方案未规定逐月扣分，逾期不得分 → 0.00 分`;
  const P = fromDecimal(points);
  const perMonth = ind.deductPerMonth!;
  const raw = sub(P, mul(rat(months), fromDecimal(perMonth)));
  const arithmetic = `${pts(P)} − ${num(perMonth)} × ${months}`;
  return raw.n < 0n ? `${late} → ${arithmetic} = ${num(raw)}，最低 0 分 → 0.00 分` : `${late} → ${arithmetic} ${result(raw, score)}`;
}
