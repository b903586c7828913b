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
  const provinceRank = new Map(rankUnits(items).map((r) => [r.code, r.rank] as const));
  const cityRank = new Map<string, number>();
  const byCity = new Map<string, T[]>();
  for (const c of items) byCity.set(c.cityCode, [...(byCity.get(c.cityCode) ?? []), c]);
  for (const group of byCity.values()) for (const r of rankUnits(group)) cityRank.set(r.code, r.rank);
  return [...items]
    .sort(byScoreThenCode)
    .map((item) => ({ ...item, provinceRank: provinceRank.get(item.code) ?? 0, cityRank: cityRank.get(item.code) ?? 0 }));
}
