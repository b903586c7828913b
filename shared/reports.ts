import { z } from 'zod';
import { ReportValues } from './report-values';
import { UnitCode } from './org';
import { IsoDate } from './scheme';
import { exactCents, type Cents } from './scoring/cents';

export const PeriodCode = z.string().regex(/^\d{4}Q[1-4]$/, '期次代码应形如 2018Q1');

export const REPORT_STATUS_NAMES = {
  draft: '草稿',
  submitted: '已报送',
  approved: '市级已审核',
  accepted: '已采纳',
  returned: '已退回',
} as const;
export type ReportStatus = keyof typeof REPORT_STATUS_NAMES;

export const ReportKey = z.strictObject({ unitCode: UnitCode, periodCode: PeriodCode });
export type ReportKey = z.infer<typeof ReportKey>;

/** `revision` is the one the editor loaded: a different current revision means someone else saved. */
export const SaveReportInput = ReportKey.extend({
  revision: z.number().int().min(0),
  values: ReportValues,
});
export type SaveReportInput = z.infer<typeof SaveReportInput>;

export const Reason = z.string().trim().min(2, '请填写理由（至少 2 个字）').max(500, '理由不超过 500 字');

export const ReviewInput = z.strictObject({ reportId: z.number().int().positive(), revision: z.number().int().min(0) });

/** At most this many reports are approved or accepted in one bulk action. */
export const BULK_REVIEW_MAX = 100;
/**
 * Bulk approve (city) / accept (office): every listed report at the revision the reviewer saw.
 * All or nothing: if any one cannot be reviewed, none is. Returning is never bulk (each needs its reason).
 */
export const BulkReviewInput = z.strictObject({
  action: z.enum(['approve', 'accept'], { message: '批量操作只能是审核通过（approve）或采纳（accept）' }),
  items: z
    .array(ReviewInput)
    .min(1, '请至少选择一份报告')
    .max(BULK_REVIEW_MAX, `一次最多批量审核 ${BULK_REVIEW_MAX} 份报告`)
    .refine((items) => new Set(items.map((i) => i.reportId)).size === items.length, '同一份报告不能重复选择'),
});
export type BulkReviewInput = z.infer<typeof BulkReviewInput>;
export const ReturnInput = ReviewInput.extend({ reason: Reason });
export const ReopenInput = ReviewInput.extend({ reason: Reason });

export const FlagInput = z.strictObject({
  reportId: z.number().int().positive(),
  indicatorCode: z.string().min(1).max(32),
  comment: z.string().trim().min(1, '请填写意见').max(500),
});

export const PeriodUpdateInput = z
  .object({ code: PeriodCode, opens: IsoDate, due: IsoDate, locks: IsoDate })
  .refine((p) => p.opens <= p.due && p.due <= p.locks, { path: ['due'], message: '日期应满足 开始 ≤ 截止 ≤ 锁定' });

export const ExtendDueInput = z.strictObject({ periodCode: PeriodCode, unitCode: UnitCode, due: IsoDate, reason: Reason });

export const StatusGridInput = z.strictObject({
  year: z.number().int().min(2000).max(2100),
  cityCode: UnitCode.optional(),
});

export const ScoreViewInput = z.strictObject({
  year: z.number().int().min(2000).max(2100),
  /** A quarter's progress view; omitted = the annual assessment. */
  periodCode: PeriodCode.optional(),
  /** Progress views only: count submitted-but-not-yet-accepted reports too (labelled as such). */
  basis: z.enum(['accepted', 'submitted']).optional(),
  /** A published version of the annual ranking; omitted = latest (office: the live draft). */
  version: z.number().int().min(1).optional(),
});

export const UnitScoreInput = ScoreViewInput.extend({ unitCode: UnitCode });

/** Counties a ranking answer carries by default to the office and leaders (the first page, in province order). */
export const DEFAULT_COUNTY_PAGE = 30;
/** The most counties one ranking answer carries (a national list is asked for page by page or for export). */
export const MAX_COUNTY_PAGE = 5000;

/**
 * A ranking: its view, and which counties to carry (paged; a national county list is 2,800 rows).
 * Omitted: the caller's own — a city bureau its counties, a county itself, the office and leaders
 * the first page.
 */
export const RankingInput = ScoreViewInput.extend({
  counties: z
    .strictObject({
      /** Only this city's counties. */
      cityCode: UnitCode.optional(),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(0).max(MAX_COUNTY_PAGE).default(DEFAULT_COUNTY_PAGE),
    })
    .optional(),
});
export type RankingInput = z.output<typeof RankingInput>;

export const PublishInput = z.strictObject({
  year: z.number().int().min(2000).max(2100),
  reason: z.string().trim().max(500).optional(),
});

/**
 * Points as the user typed them, read into integer hundredths (cents) exactly from their decimal
 * text at the edge: everything behind the procedure works in cents.
 */
function pointsAsCents(message: string) {
  return z
    .number()
    .refine((v) => exactCents(v) !== null, message)
    .transform((v) => exactCents(v) as Cents);
}

export const AdjustInput = z
  .strictObject({
    year: z.number().int().min(2000).max(2100),
    unitCode: UnitCode,
    points: pointsAsCents('调整分值最多保留两位小数')
      .refine((c) => c >= -10000 && c <= 10000, '调整分值应在 -100 至 100 之间')
      .refine((c) => c !== 0, '调整分值不能为 0'),
    reason: Reason,
  })
  .transform(({ points, ...rest }) => ({ ...rest, cents: points }));
export type AdjustInput = z.output<typeof AdjustInput>;

export const ManualScoreInput = z
  .strictObject({
    year: z.number().int().min(2000).max(2100),
    unitCode: UnitCode,
    indicatorCode: z.string().min(1).max(32),
    points: pointsAsCents('评分最多保留两位小数').refine((c) => c >= 0, '评分不能为负数'),
    reason: Reason,
  })
  .transform(({ points, ...rest }) => ({ ...rest, cents: points }));
export type ManualScoreInput = z.output<typeof ManualScoreInput>;
