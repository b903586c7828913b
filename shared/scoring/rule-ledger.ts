import type { Indicator } from '../scheme';
import { formatDateZh } from '../dates';
import { fromDecimal, rat } from './rational';
import { ratioCore } from './ratio-core';
import type { LedgerTally, RuleOutcome } from './types';

/**
 * A division's ledger tasks (任务分解台账): points × min(1, (met / due) / target), where `due` counts the
 * task instances it owns that fell due by the assessment date and `met` those completed by their due
 * date (as confirmed by the office). No task due → full points (unless the scheme says otherwise).
 */
export function scoreLedger(ind: Indicator, points: number, tally: LedgerTally | undefined): RuleOutcome {
  const items = tally?.items ?? [];
  const met = items.filter((i) => i.met).length;
  const core = ratioCore({
    points: fromDecimal(points),
    numerator: rat(BigInt(met)),
    denominator: rat(BigInt(items.length)),
    target: fromDecimal(ind.target ?? 1),
    fullWhenNone: ind.fullWhenNone ?? true,
    labels: { date: '完成日期', numerator: '按期完成的台账任务', denominator: '截至考核日到期的台账任务', count: '任务', unit: '项' },
  });
  const missed = items.filter((i) => !i.met);
  const detail = missed.length ? `；未按期完成：${missed.map((i) => `${i.text}（${formatDateZh(i.due)}到期，${i.why}）`).join('；')}` : '';
  return { values: { numerator: met, denominator: items.length, met, total: items.length }, score: core.score, explanation: core.explanation + detail };
}
