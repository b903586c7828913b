import { hasEvidence, type IndicatorValue } from '../report-values';
import type { Indicator } from '../scheme';
import { toFixed2, type Cents } from './cents';
import { pointsCents } from './exact';
import type { RuleOutcome } from './types';

/** The yes/no rule's score alone, for rankings from scratch (`scoreBoolean` gives it with its explanation). */
export function booleanScore(ind: Indicator, points: number, value: IndicatorValue | undefined): Cents {
  if (value?.yes !== true) return 0;
  return ind.evidence !== 'optional' && !hasEvidence(value) ? 0 : pointsCents(points);
}

/**
 * Full points for "yes" with evidence (URL or file), 0 otherwise. Evidence is required unless the
 * scheme marks it `optional` for this indicator. With `explain` false the explanation is left empty.
 */
export function scoreBoolean(ind: Indicator, points: number, value: IndicatorValue | undefined, explain = true): RuleOutcome {
  const yes = value?.yes ?? null;
  const evidence = hasEvidence(value);
  // Extra named figures (e.g. 绩效评价得分) travel with the score, so a published snapshot carries them.
  const values = value?.extra && Object.keys(value.extra).length ? { yes, extra: value.extra } : { yes };
  if (yes === null) return { values, score: 0, explanation: explain ? '未填报是否完成，本项不得分 → 0.00 分' : '' };
  if (!yes) return { values, score: 0, explanation: explain ? '填报为“否”（未完成），本项不得分 → 0.00 分' : '' };
  const needsEvidence = ind.evidence !== 'optional';
  if (needsEvidence && !evidence) {
    return { values, score: 0, evidenceMissing: true, explanation: explain ? '填报为“是”，但未提供佐证材料（公开网址或文件），佐证缺失，本项不得分 → 0.00 分' : '' };
  }
  const score = pointsCents(points);
  const how = evidence ? '，已提供佐证材料' : '';
  return { values, score, explanation: explain ? `填报为“是”${how} → 满分 ${toFixed2(score)} 分` : '' };
}
