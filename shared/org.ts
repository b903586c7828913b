import { z } from 'zod';

export const UnitCode = z.string().regex(/^\d{6}$/, '单位代码应为 6 位数字');

export const OrgUnitsListInput = z
  .object({
    /** Only units that existed on this day (YYYY-MM-DD). */
    asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
    level: z.enum(['province', 'city', 'county', 'division']).optional(),
    parentCode: UnitCode.optional(),
    search: z.string().trim().max(50).optional(),
  })
  .optional();
