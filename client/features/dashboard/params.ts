import { useCallback, useEffect, useRef } from 'react';
import { useSearchParams } from 'react-router';

/**
 * Dashboard filters live in the URL (`?year=2018&period=2018Q4&city=330100`), so a copied link
 * shows a colleague the same view. Missing values mean "the server's default" (the current
 * period, the account's own scope); once the answer arrives they are written back (replace).
 */
export interface DashboardFilters {
  year: number | undefined;
  period: string | undefined;
  city: string | undefined;
}

function yearOf(s: string | null): number | undefined {
  if (!s || !/^\d{4}$/.test(s)) return undefined;
  const n = Number(s);
  return n >= 2000 && n <= 2100 ? n : undefined;
}

export function useDashboardParams() {
  const [params, setParams] = useSearchParams();
  const year = yearOf(params.get('year'));
  const periodRaw = params.get('period') ?? '';
  const cityRaw = params.get('city') ?? '';
  const filters: DashboardFilters = {
    year,
    // A period of another year than the chosen one is dropped rather than sent (it would be refused).
    period: /^\d{4}Q[1-4]$/.test(periodRaw) && (!year || periodRaw.startsWith(String(year))) ? periodRaw : undefined,
    city: /^\d{6}$/.test(cityRaw) ? cityRaw : undefined,
  };

  /** Sets (or with undefined / '' removes) parameters, keeping the others. */
  const update = useCallback(
    (patch: Record<string, string | number | undefined>, replace = false) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(patch)) {
            if (v === undefined || v === '') next.delete(k);
            else next.set(k, String(v));
          }
          return next;
        },
        { replace },
      );
    },
    [setParams],
  );
  return { filters, params, update };
}

/** The tRPC input of a dashboard view. */
export function dashboardInput(f: DashboardFilters) {
  return {
    ...(f.year ? { year: f.year } : {}),
    ...(f.period ? { periodCode: f.period } : {}),
    ...(f.city ? { cityCode: f.city } : {}),
  };
}

/**
 * Writes the year and period the server chose into the URL, so the link pins the view. `seed`
 * first stores the answer under the pinned input, so pinning costs no second request.
 */
export function usePinDefaults(
  filters: DashboardFilters,
  answered: { year: number; period: { code: string } } | undefined,
  update: (p: Record<string, string | number | undefined>, replace?: boolean) => void,
  seed: (pinned: DashboardFilters) => void,
) {
  const seedRef = useRef(seed);
  // The page's own path: a navigation away (still rendering this page while the next one loads)
  // must not be undone by writing these parameters back.
  const pathRef = useRef(window.location.pathname);
  useEffect(() => {
    seedRef.current = seed;
  });
  useEffect(() => {
    if (!answered || (filters.year && filters.period)) return;
    if (window.location.pathname !== pathRef.current) return;
    const pinned: DashboardFilters = { ...filters, year: filters.year ?? answered.year, period: filters.period ?? answered.period.code };
    seedRef.current(pinned);
    update({ year: pinned.year, period: pinned.period }, true);
  }, [answered, filters, update]);
}

/** Link to a unit's page with the same progress view. */
export function unitLink(code: string, year: number, period: string): string {
  const q = new URLSearchParams({ year: String(year), period, basis: 'submitted' });
  return `/units/${code}?${q.toString()}`;
}

/**
 * The one rule for a report sent back for correction, stated under the charts: the figures count
 * submitted, city-approved and accepted reports only, so a returned report's unit shows its previous
 * period's figures until it resubmits; the 已报送 card counts timeliness, fixed by the first submission.
 */
export const RETURNED_REPORT_RULE = '退回修改中的报告不计入图表数据：该单位沿用上一期已报送的数据，重新报送后更新；“已报送”卡片按首次报送计，退回不改变报送及时性。';
