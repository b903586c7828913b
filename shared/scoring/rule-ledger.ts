import type { Indicator } from '../scheme';
import { formatDateZh } from '../dates';
import { BUDGET_DISCLOSURE_DAYS } from '../budget';
import { ratioCore } from './ratio-core';
import type { DueItemsTally, RuleOutcome } from './types';

/** What the dated items of a `ledger` or `budget` indicator are called in its explanation. */
const DUE_ITEM_LABELS = {
  ledger: { numerator: '按期完成的台账任务', denominator: '截至考核日到期的台账任务', missed: '未按期完成', count: '任务' },
  budget: { numerator: `批复后 ${BUDGET_DISCLOSURE_DAYS} 日内公开并经确认的预算、决算事项`, denominator: '截至考核日应公开的预算、决算事项', missed: '未按期公开', count: '事项' },
} as const;

/**
 * Dated items of a division, office-confirmed: points × min(1, (met / due) / target), where `due`
 * counts the items that fell due by the assessment date and `met` those done by their due date. No
 * item due → full points (unless the scheme says otherwise). Two rules share it:
 * - `ledger`: the task instances it owns in the task ledger (任务分解台账);
 * - `budget`: its budgets, adjustments, final accounts and 三公 figures, due 20 days after approval (十三).
 */
export function scoreDueItems(ind: Indicator, points: number, tally: DueItemsTally | undefined, rule: keyof typeof DUE_ITEM_LABELS, explain = true): RuleOutcome {
  const labels = DUE_ITEM_LABELS[rule];
  const items = tally?.items ?? [];
  let met = 0;
  for (const i of items) if (i.met) met += 1;
  const core = ratioCore({
    points,
    numerator: met,
    denominator: items.length,
    target: ind.target ?? 1,
    fullWhenNone: ind.fullWhenNone ?? true,
    labels: { date: '完成日期', numerator: labels.numerator, denominator: labels.denominator, count: labels.count, unit: '项' },
    explain,
  });
  const values = { numerator: met, denominator: items.length, met, total: items.length };
  if (!explain) return { values, score: core.score, explanation: '' };
  const missed = items.filter((i) => !i.met);
  const detail = missed.length ? `；${labels.missed}：${missed.map((i) => `${i.text}（${formatDateZh(i.due)}到期，${i.why}）`).join('；')}` : '';
  return { values, score: core.score, explanation: core.explanation + detail };
}

/** The task-ledger rule (see `scoreDueItems`). */
export function scoreLedger(ind: Indicator, points: number, tally: DueItemsTally | undefined): RuleOutcome {
  return scoreDueItems(ind, points, tally, 'ledger');
}
