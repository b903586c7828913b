import { z } from 'zod';
import { addDays, daysBetween, formatDateZh } from './dates';
import { IsoDate } from './scheme';

/**
 * Budgets and final accounts (第十三条 of the plan): 计划财务处 publishes the department's budget, budget
 * adjustments, budget execution report, final accounts and 三公 figures once they are approved. 预算法
 * 第十四条: within 20 days of the approval. The deadline is computed here, from `shared/dates.ts`.
 */

/** The plan's clause the register serves (its rows in the task ledger's export and filters). */
export const BUDGET_CLAUSE = '十三';

export const BUDGET_KINDS = ['budget', 'adjustment', 'execution', 'final', 'sangong'] as const;
export const BudgetKind = z.enum(BUDGET_KINDS);
export type BudgetKind = z.infer<typeof BudgetKind>;
export const BUDGET_KIND_NAMES: Record<BudgetKind, string> = {
  budget: '部门预算',
  adjustment: '预算调整',
  execution: '预算执行情况报告',
  final: '部门决算',
  sangong: '“三公”经费',
};

/** Days after approval within which the item must be published (预算法 第十四条). */
export const BUDGET_DISCLOSURE_DAYS = 20;

/** The last day to publish an item approved on `approvedOn`: approval + 20 days (2018-02-05 → 2018-02-25). */
export function budgetDisclosureDue(approvedOn: string): string {
  return addDays(approvedOn, BUDGET_DISCLOSURE_DAYS);
}

/** The assessment year an item counts in: the year its disclosure falls due. */
export function budgetAssessmentYear(approvedOn: string): number {
  return Number(budgetDisclosureDue(approvedOn).slice(0, 4));
}

export interface BudgetTiming {
  due: string;
  /** Days published after the deadline (0 when on time); unpublished: days past the deadline as of `today`. */
  daysLate: number;
  /** Not published and past the deadline on `today`. */
  overdue: boolean;
  onTime: boolean;
}

/** Where an item stands against its 20-day deadline on `today`. */
export function budgetTiming(approvedOn: string, publishedOn: string | null, today: string): BudgetTiming {
  const due = budgetDisclosureDue(approvedOn);
  if (publishedOn) {
    const late = Math.max(0, daysBetween(due, publishedOn));
    return { due, daysLate: late, overdue: false, onTime: late === 0 };
  }
  const late = Math.max(0, daysBetween(due, today));
  return { due, daysLate: late, overdue: late > 0, onTime: false };
}

/**
 * An item's timing in words, as the register shows it and the ledger export writes it: 已逾期 N 天
 * (unpublished past the deadline), 按期公开, 逾期 N 天公开, 未到期.
 */
export function budgetTimingText(t: Pick<BudgetTiming, 'overdue' | 'onTime' | 'daysLate'> & { publishedOn: string | null }): string {
  if (t.overdue) return `已逾期 ${t.daysLate} 天`;
  if (!t.publishedOn) return '未到期';
  return t.onTime ? '按期公开' : `逾期 ${t.daysLate} 天公开`;
}

export const BUDGET_STATUSES = ['submitted', 'accepted', 'returned'] as const;
export const BudgetStatus = z.enum(BUDGET_STATUSES);
export type BudgetStatus = z.infer<typeof BudgetStatus>;
export const BUDGET_STATUS_NAMES: Record<BudgetStatus, string> = { submitted: '待确认', accepted: '已确认', returned: '已退回' };

/** The review column: “已确认 第2版”. */
export function budgetReviewText(status: BudgetStatus, version: number): string {
  return `${BUDGET_STATUS_NAMES[status]} 第${version}版`;
}

/** A division records (or corrects) a budget disclosure item; checked at the boundary. */
export const BudgetItemInput = z
  .strictObject({
    /** Absent for a new item. */
    id: z.number().int().positive().optional(),
    /** The item's revision as read (0 for a new item); a stale one is refused. */
    revision: z.number().int().min(0),
    kind: BudgetKind,
    fiscalYear: z.number().int().min(2000, '预算年度应在 2000 年至 2100 年之间').max(2100, '预算年度应在 2000 年至 2100 年之间'),
    title: z.string().trim().min(2, '请填写公开事项名称（至少 2 个字）').max(200, '公开事项名称不超过 200 字'),
    approvedOn: IsoDate,
    publishedOn: IsoDate.nullish(),
    url: z.string().trim().max(2000).url('公开网址应为完整网址（http:// 或 https:// 开头）').nullish().or(z.literal('')),
    note: z.string().trim().max(2000).nullish(),
  })
  .superRefine((v, ctx) => {
    if (v.publishedOn && v.publishedOn < v.approvedOn) {
      ctx.addIssue({ code: 'custom', path: ['publishedOn'], message: `公开日期不能早于批复日期（${formatDateZh(v.approvedOn)}）` });
    }
    if (v.publishedOn && !v.url) ctx.addIssue({ code: 'custom', path: ['url'], message: '已公开的事项须填写公开网址' });
    if (!v.publishedOn && v.url) ctx.addIssue({ code: 'custom', path: ['publishedOn'], message: '填写了公开网址，请同时填写公开日期' });
  });
export type BudgetItemInput = z.infer<typeof BudgetItemInput>;
