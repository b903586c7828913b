import type { Cents } from './cents';

export interface Rankable {
  code: string;
  /** Disclosure score in cents. */
  S: Cents;
}

export type Ranked<T extends Rankable> = T & { rank: number };

function byScoreThenCode(a: Rankable, b: Rankable): number {
  if (a.S !== b.S) return b.S - a.S;
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}

/**
 * Competition ranking by S, descending: equal S share a rank and the next rank skips (1, 1, 3).
 * Ties are listed by code so the order never depends on input order.
 */
export function rankUnits<T extends Rankable>(items: readonly T[]): Ranked<T>[] {
  const sorted = [...items].sort(byScoreThenCode);
  const out: Ranked<T>[] = [];
  sorted.forEach((item, i) => {
    const prev = out[i - 1];
    const rank = prev && prev.S === item.S ? prev.rank : i + 1;
    out.push({ ...item, rank });
  });
  return out;
}

export interface CountyRankable extends Rankable {
  /** The city the county belongs to. */
  cityCode: string;
}

export type RankedCounty<T extends CountyRankable> = T & { provinceRank: number; cityRank: number };

/** Counties ranked province-wide and within their city (for information), in province order. Codes must be unique. */
export function rankCounties<T extends CountyRankable>(items: readonly T[]): RankedCounty<T>[] {
  // One sort: in province order a county's rank is its position unless it ties the one before; a
  // city's ranks follow the same order, counted per city.
  const sorted = [...items].sort(byScoreThenCode);
  const perCity = new Map<string, { seen: number; lastS: Cents; lastRank: number }>();
  const out: RankedCounty<T>[] = new Array(sorted.length);
  let prevS: Cents | null = null;
  let prevRank = 0;
  for (let i = 0; i < sorted.length; i++) {
    const item = sorted[i];
    const provinceRank = prevS === item.S ? prevRank : i + 1;
    prevS = item.S;
    prevRank = provinceRank;
    const c = perCity.get(item.cityCode) ?? { seen: 0, lastS: NaN, lastRank: 0 };
    c.seen += 1;
    const cityRank = c.lastS === item.S ? c.lastRank : c.seen;
    c.lastS = item.S;
    c.lastRank = cityRank;
    perCity.set(item.cityCode, c);
    out[i] = { ...item, provinceRank, cityRank };
  }
  return out;
}
