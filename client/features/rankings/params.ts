import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

export const DEFAULT_YEAR = 2018;

/** The view a ranking or unit page shows, kept in the URL so it can be linked and reloaded. */
export interface ViewParams {
  year: number;
  /** A quarter's progress view ('2018Q3'); undefined = the annual assessment. */
  period: string | undefined;
  /** A published version; undefined = latest (office: the live draft). */
  version: number | undefined;
  /** Progress views: count submitted-but-not-accepted reports too. */
  submitted: boolean;
}

function positiveInt(s: string | null): number | undefined {
  if (!s || !/^\d{1,4}$/.test(s)) return undefined;
  const n = Number(s);
  return n > 0 ? n : undefined;
}

export function useViewParams() {
  const [params, setParams] = useSearchParams();
  const year = positiveInt(params.get('year')) ?? DEFAULT_YEAR;
  const periodRaw = params.get('period') ?? '';
  const period = /^\d{4}Q[1-4]$/.test(periodRaw) ? periodRaw : undefined;
  const view: ViewParams = {
    year: year >= 2000 && year <= 2100 ? year : DEFAULT_YEAR,
    period,
    version: period ? undefined : positiveInt(params.get('version')),
    submitted: Boolean(period) && params.get('basis') === 'submitted',
  };
  /** Sets (or, with undefined/'', removes) URL parameters, keeping the others. */
  const update = useCallback(
    (patch: Record<string, string | number | undefined>) => {
      setParams((prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(patch)) {
          if (v === undefined || v === '') next.delete(k);
          else next.set(k, String(v));
        }
        return next;
      });
    },
    [setParams],
  );
  return { view, params, update };
}

/** The query string that carries a view over to another page (`?year=2018&period=2018Q3`). */
export function viewQuery(view: Pick<ViewParams, 'year' | 'period' | 'version'>): string {
  const q = new URLSearchParams({ year: String(view.year) });
  if (view.period) q.set('period', view.period);
  else if (view.version) q.set('version', String(view.version));
  return q.toString();
}

export function unitHref(code: string, view: Pick<ViewParams, 'year' | 'period' | 'version'>): string {
  return `/units/${code}?${viewQuery(view)}`;
}
