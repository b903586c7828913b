import { useCallback } from 'react';
import { useSearchParams } from 'react-router';
import { z } from 'zod';
import { UnitCode } from '../../../shared/org';
import { IsoDate } from '../../../shared/scheme';
import { AUDIT_CATEGORY_KEYS } from '../../../shared/audit';

export const PAGE_SIZES = [20, 50, 100, 200] as const;

const Filters = z.object({
  unitCode: UnitCode.optional().catch(undefined),
  category: z.enum(AUDIT_CATEGORY_KEYS).optional().catch(undefined),
  username: z.string().trim().min(1).max(64).optional().catch(undefined),
  from: IsoDate.optional().catch(undefined),
  to: IsoDate.optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  pageSize: z.coerce
    .number()
    .int()
    .refine((n) => (PAGE_SIZES as readonly number[]).includes(n))
    .catch(50),
});
export type AuditFilters = z.infer<typeof Filters>;

const KEYS: Record<keyof AuditFilters, string> = { unitCode: 'unit', category: 'category', username: 'user', from: 'from', to: 'to', page: 'page', pageSize: 'size' };

/** Audit filters live in the URL (validated, bad values dropped) so a link shows the same page. */
export function useAuditParams() {
  const [params, setParams] = useSearchParams();
  const filters = Filters.parse({
    unitCode: params.get('unit') ?? undefined,
    category: params.get('category') ?? undefined,
    username: params.get('user') ?? undefined,
    from: params.get('from') ?? undefined,
    to: params.get('to') ?? undefined,
    page: params.get('page') ?? undefined,
    pageSize: params.get('size') ?? undefined,
  });
  /** A filter change goes back to page 1 unless the page itself is being set. */
  const update = useCallback(
    (patch: Partial<AuditFilters>) =>
      setParams((prev) => {
        const next = new URLSearchParams(prev);
        if (!('page' in patch)) next.delete('page');
        for (const [k, v] of Object.entries(patch) as [keyof AuditFilters, string | number | undefined][]) {
          if (v === undefined || v === '' || (k === 'page' && v === 1)) next.delete(KEYS[k]);
          else next.set(KEYS[k], String(v));
        }
        return next;
      }),
    [setParams],
  );
  return { filters, update };
}
