import { z } from 'zod';
import { UnitCode } from '../org';
import { IsoDate } from '../scheme';
import { Reason, ReviewInput } from '../reports';
import { AnnualReportData } from './check';

export const AnnualYear = z.number().int().min(2000, '年度应在 2000 至 2100 之间').max(2100, '年度应在 2000 至 2100 之间');
export const AnnualKey = z.strictObject({ unitCode: UnitCode, year: AnnualYear });
export const AnnualSaveInput = AnnualKey.extend({ revision: z.number().int().min(0), data: AnnualReportData });
export const AnnualReportId = z.strictObject({ reportId: z.number().int().positive() });
export const AnnualCompareInput = AnnualReportId.extend({ version: z.number().int().min(1) });
export const AnnualReviewInput = ReviewInput;
export const AnnualReturnInput = ReviewInput.extend({ reason: Reason });
export const AnnualGridInput = z.strictObject({ year: AnnualYear, cityCode: UnitCode.optional() });
export const AnnualSetDueInput = z.strictObject({ year: AnnualYear, due: IsoDate });
