import type { IndicatorValue, ReportValues } from './report-values';

export const DIFF_FIELDS = ['date', 'numerator', 'denominator', 'count', 'yes', 'evidenceUrl', 'evidenceFile', 'note', 'extra'] as const;
export type DiffField = (typeof DIFF_FIELDS)[number];

export interface ValueChange {
  indicator: string;
  fields: DiffField[];
}

function norm(v: IndicatorValue | undefined, f: DiffField): string {
  const x = v?.[f];
  if (x === undefined || x === null || x === '') return '';
  return typeof x === 'object' ? JSON.stringify(x) : String(x);
}

/** Which fields of which indicators differ between two versions of a report. */
export function diffValues(previous: ReportValues, current: ReportValues): ValueChange[] {
  const codes = [...new Set([...Object.keys(previous), ...Object.keys(current)])].sort();
  const out: ValueChange[] = [];
  for (const code of codes) {
    const fields = DIFF_FIELDS.filter((f) => norm(previous[code], f) !== norm(current[code], f));
    if (fields.length) out.push({ indicator: code, fields });
  }
  return out;
}
