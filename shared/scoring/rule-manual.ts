import { centsToRational, toFixed2 } from './cents';
import { comparePoints, pointsCents } from './exact';
import { num, pts } from './format';
import { fromDecimal, toNumber } from './rational';
import type { ManualScore, RuleOutcome } from './types';

/**
 * The reviewer's score (cents), clamped to 0…points. A score without a
 * written reason is not counted (the spec requires one). With `explain` false the explanation is left empty.
 */
export function scoreManual(points: number, manual: ManualScore | undefined, explain = true): RuleOutcome {
  if (!manual) return { values: { manualScore: null }, score: 0, explanation: explain ? '评审人尚未评分 → 0.00 分' : '' };
  if (!Number.isSafeInteger(manual.cents)) return { values: { manualScore: null }, score: 0, explanation: explain ? '评审评分不是有效数值 → 0.00 分' : '' };
  const given = centsToRational(manual.cents);
  const values = { manualScore: toNumber(given) };
  const reason = manual.reason.trim();
  if (!reason) return { values, score: 0, explanation: explain ? `评审评分 ${num(given)} 分未附书面理由，不予计分 → 0.00 分` : '' };
  const below = manual.cents < 0;
  const above = !below && comparePoints(points, manual.cents) < 0;
  const score = below ? 0 : above ? pointsCents(points) : manual.cents;
  if (!explain) return { values, score, explanation: '' };
  const clampNote = below ? '，低于 0 分按 0 分计' : above ? `，超过满分 ${pts(fromDecimal(points))} 分按满分计` : '';
  return { values, score, explanation: `评审评分 ${num(given)} 分${clampNote}（理由：${reason}） → ${toFixed2(score)} 分` };
}
