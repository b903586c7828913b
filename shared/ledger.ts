import { z } from 'zod';
import { addDays, daysBetween } from './dates';
import { IsoDate } from './scheme';

/** Task progress as a division reports it. */
export const TaskProgress = z.enum(['not_started', 'in_progress', 'done']);
export type TaskProgress = z.infer<typeof TaskProgress>;
export const PROGRESS_NAMES: Record<TaskProgress, string> = { not_started: '未开始', in_progress: '推进中', done: '已完成' };

export const TaskReportStatus = z.enum(['submitted', 'accepted', 'returned']);
export type TaskReportStatus = z.infer<typeof TaskReportStatus>;
export const TASK_REPORT_STATUS_NAMES: Record<TaskReportStatus, string> = { submitted: '待审核', accepted: '已确认', returned: '已退回' };

export const DivisionCode = z.string().regex(/^3300\d\d$/, '处室代码应为 3300 开头的 6 位数字');

/** A division (处室) as the office adds or edits it in the org page. */
export const DivisionInput = z.strictObject({
  code: DivisionCode,
  name: z.string().trim().min(2, '处室名称至少 2 个字').max(30),
  duties: z.string().trim().min(2, '请填写职责分工').max(1000),
});
export type DivisionInput = z.infer<typeof DivisionInput>;

/** A task of the ledger as the office defines it. */
export const LedgerTaskDef = z
  .strictObject({
    clause: z.string().trim().min(1, '请填写条款').max(20),
    text: z.string().trim().min(2, '请填写任务内容').max(500),
    owners: z.array(DivisionCode).min(1, '至少指定一个责任处室').max(30),
    recurrence: z.enum(['once', 'quarterly']),
    due: IsoDate.nullish(),
    quarterDueDays: z.number().int().min(0).max(90).nullish(),
    firstQuarter: z.number().int().min(1).max(4).nullish(),
    evidenceRequired: z.string().trim().min(1, '请填写需提供的佐证材料').max(200),
  })
  .superRefine((t, ctx) => {
    if (t.recurrence === 'once' && !t.due) ctx.addIssue({ code: 'custom', path: ['due'], message: '一次性任务须填写截止日期' });
    if (t.recurrence === 'quarterly' && (t.quarterDueDays === null || t.quarterDueDays === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['quarterDueDays'], message: '按季度任务须填写季度结束后几天内完成' });
    }
  });
export type LedgerTaskDef = z.infer<typeof LedgerTaskDef>;

export interface TaskSchedule {
  year: number;
  recurrence: 'once' | 'quarterly';
  due: string | null;
  quarterDueDays: number | null;
  firstQuarter?: number | null;
}

export interface TaskInstance {
  /** 'once', or the quarter's code (2018Q1). */
  instance: string;
  due: string;
  label: string;
}

const QUARTER_END = ['03-31', '06-30', '09-30', '12-31'];
const QUARTER_NAMES = ['第一季度', '第二季度', '第三季度', '第四季度'];

/** The task's instances: one for a dated task; one per quarter (from `firstQuarter`) for a quarterly one. */
export function taskInstances(t: TaskSchedule): TaskInstance[] {
  if (t.recurrence === 'once') return t.due ? [{ instance: 'once', due: t.due, label: '' }] : [];
  const out: TaskInstance[] = [];
  for (let q = t.firstQuarter ?? 1; q <= 4; q++) {
    out.push({ instance: `${t.year}Q${q}`, due: addDays(`${t.year}-${QUARTER_END[q - 1]}`, t.quarterDueDays ?? 0), label: `${t.year}年${QUARTER_NAMES[q - 1]}` });
  }
  return out;
}

export interface TaskState {
  progress: TaskProgress | null;
  completedOn: string | null;
}

/**
 * Days overdue of a task instance: done → days its completion date is past the due date (0 when on
 * time); not done → days from the due date to `today` (0 before the due date).
 */
export function overdueDays(due: string, state: TaskState, today: string): number {
  if (state.progress === 'done' && state.completedOn) return Math.max(0, daysBetween(due, state.completedOn));
  return Math.max(0, daysBetween(due, today));
}

/** Done on or before the due date. */
export function metDeadline(due: string, state: TaskState): boolean {
  return state.progress === 'done' && state.completedOn !== null && state.completedOn <= due;
}

/** A division's report on a task instance, checked at the boundary. */
export const TaskReportInput = z
  .strictObject({
    taskId: z.number().int().positive(),
    instance: z.string().regex(/^(once|\d{4}Q[1-4])$/, '任务期次应为 once 或形如 2018Q1'),
    /** The task report's revision as read (0 for a first report); a stale one is refused. */
    revision: z.number().int().min(0),
    progress: TaskProgress,
    completedOn: IsoDate.nullish(),
    evidenceUrl: z.string().trim().max(2000).url('佐证材料链接应为完整网址（http:// 或 https:// 开头）').nullish().or(z.literal('')),
    evidenceFile: z.string().trim().max(128).nullish(),
    note: z.string().trim().max(2000).nullish(),
  })
  .superRefine((v, ctx) => {
    if (v.progress === 'done' && !v.completedOn) ctx.addIssue({ code: 'custom', path: ['completedOn'], message: '已完成的任务须填写完成日期' });
    if (v.progress !== 'done' && v.completedOn) ctx.addIssue({ code: 'custom', path: ['completedOn'], message: '任务未完成时不应填写完成日期' });
    if (v.progress === 'done' && !v.evidenceUrl && !v.evidenceFile) {
      ctx.addIssue({ code: 'custom', path: ['evidenceUrl'], message: '已完成的任务须提供佐证材料（链接或文件）' });
    }
  });
export type TaskReportInput = z.infer<typeof TaskReportInput>;

/** What the per-division tally needs of a ledger row (task instance × owner). */
export interface LedgerRowState {
  ownerCode: string;
  ownerName: string;
  due: string;
  progress: TaskProgress | null;
  onTime: boolean;
  overdue: boolean;
}

export interface DivisionTally {
  code: string;
  name: string;
  /** Task instances of the year. */
  total: number;
  /** Of them, due on or before `today`. */
  dueSoFar: number;
  done: number;
  onTime: number;
  /** Past due and not done. */
  overdue: number;
}

/** Per division: instances, due so far, done, done on time, overdue now — the ledger's progress table and the overview card. */
export function tallyByDivision(rows: readonly LedgerRowState[], today: string): DivisionTally[] {
  const by = new Map<string, DivisionTally>();
  for (const r of rows) {
    const d = by.get(r.ownerCode) ?? { code: r.ownerCode, name: r.ownerName, total: 0, dueSoFar: 0, done: 0, onTime: 0, overdue: 0 };
    d.total++;
    if (r.due <= today) d.dueSoFar++;
    if (r.progress === 'done') d.done++;
    if (r.onTime) d.onTime++;
    if (r.overdue) d.overdue++;
    by.set(r.ownerCode, d);
  }
  return [...by.values()];
}
