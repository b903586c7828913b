import { centsOf, centsToRational, toFixed2 } from './cents';
import { num, pts } from './format';
import { cmp, fromDecimal, toNumber, ZERO } from './rational';
import type { ManualScore, RuleOutcome } from './types';

/**
 * The reviewer's score (cents), clamped to 0…points. A score without a
 * written reason is not counted (the spec requires one).
 */
export function scoreManual(points: number, manual: ManualScore | undefined): RuleOutcome {
  const P = fromDecimal(points);
  if (!manual) return { values: { manualScore: null }, score: 0, explanation: '评审人尚未评分 → 0.00 分' };
  if (!Number.isSafeInteger(manual.cents)) return { values: { manualScore: null }, score: 0, explanation: '评审评分不是有效数值 → 0.00 分' };
  const given = centsToRational(manual.cents);
  const values = { manualScore: toNumber(given) };
  const reason = manual.reason.trim();
  if (!reason) return { values, score: 0, explanation: `评审评分 ${num(given)} 分未附书面理由，不予计分 → 0.00 分` };
  let clampNote = '';
  let s = given;
  if (cmp(given, ZERO) < 0) {
    s = ZERO;
    clampNote = `，低于 0 分按 0 分计`;
  } else if (cmp(given, P) > 0) {
    s = P;
    clampNote = `，超过满分 ${pts(P)} 分按满分计`;
  }
  const score = centsOf(s);
  return { values, score, explanation: `评审评分 ${num(given)} 分${clampNote}（理由：${reason}） → ${toFixed2(score)} 分` };
}
