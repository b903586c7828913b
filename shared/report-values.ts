import { z } from 'zod';

/**
 * What a unit reports for one indicator in one report version. Which fields matter depends on the
 * indicator's rule: `deadline` → date; `ratio` → numerator/denominator; `count` → count;
 * `boolean` → yes; every rule may carry evidence and a note.
 */
export const IndicatorValue = z
  .object({
    date: z.string().max(32).nullable().optional(),
    numerator: z.number().nullable().optional(),
    denominator: z.number().nullable().optional(),
    count: z.number().nullable().optional(),
    yes: z.boolean().nullable().optional(),
    /** Extra named figures the scheme asks for (e.g. 绩效评价得分). */
    extra: z.record(z.string().max(64), z.number().nullable()).optional(),
    evidenceUrl: z.string().max(2000).nullable().optional(),
    /** Content hash of an uploaded evidence file. */
    evidenceFile: z.string().max(128).nullable().optional(),
    note: z.string().max(2000).nullable().optional(),
  })
  .strict();
export type IndicatorValue = z.infer<typeof IndicatorValue>;

/** All values of one report, keyed by indicator code. */
export const ReportValues = z.record(z.string().max(32), IndicatorValue);
export type ReportValues = z.infer<typeof ReportValues>;

export function hasEvidence(v: IndicatorValue | undefined): boolean {
  return Boolean(v && ((v.evidenceUrl && v.evidenceUrl.trim()) || (v.evidenceFile && v.evidenceFile.trim())));
}
