import type { Indicator } from '../scheme';
import { toFixed2, type Cents } from './cents';
import { cmp, div, exactDecimal, fixed, fromDecimal, mul, rat, roundHalfUp, toNumber, truncate, type Rational } from './rational';

/** Chinese wording of the arithmetic in explanations. */

/** A reported figure as typed: 12, 2.5. */
export function num(x: number | Rational): string {
  const r = typeof x === 'number' ? fromDecimal(x) : x;
  return exactDecimal(r, 12) ?? fixed(roundHalfUp(r, 10n ** 4n), 4);
}

/** A figure with the scheme's unit: "12 套". */
export function qty(x: number | Rational, unit: string | undefined): string {
  return unit ? `${num(x)} ${unit}` : num(x);
}

/** Points as the scheme writes them: 8, 2.5. */
export function pts(p: Rational): string {
  return num(p);
}

/** 4/5 → "80.00%" (display only; rounded half-up to 0.01%). */
export function percent(r: Rational): string {
  return `${percentDigits(r, 2)}%`;
}

/** A ratio as a percentage rounded half-up to `digits` decimals: 2/3, 1 → "66.7". */
function percentDigits(r: Rational, digits: number): string {
  return fixed(roundHalfUp(r, 100n * 10n ** BigInt(digits)), digits);
}

/**
 * numerator / denominator as a percentage 0…100 rounded half-up to `digits` decimals, computed
 * exactly (figures and rates on dashboards and exports); null when the denominator is 0.
 */
export function ratePercent(numerator: Rational, denominator: Rational, digits = 1): number | null {
  if (denominator.n === 0n) return null;
  return Number(percentDigits(div(numerator, denominator), digits));
}

/** The exact quotient of two reported figures as the nearest double (for Excel rate cells); null when d = 0. */
export function exactRate(numerator: number, denominator: number): number | null {
  const d = fromDecimal(denominator);
  return d.n === 0n ? null : toNumber(div(fromDecimal(numerator), d));
}

/** A multiplier, exact: 0.80, 0.335, 1.00; a non-terminating one as a fraction (2/3). */
export function factor(r: Rational): string {
  return exactDecimal(r, 4, 2) ?? `${r.n}/${r.d}`;
}

/** "= 6.40 分", or "= 1.005，四舍五入得 1.01 分", or "= 5.3333…，四舍五入得 5.33 分". */
export function result(exact: Rational, score: Cents): string {
  if (cmp(exact, rat(BigInt(score), 100n)) === 0) return `= ${toFixed2(score)} 分`;
  const shown = exactDecimal(exact, 6) ?? `${fixed(truncate(exact, 10n ** 4n), 4)}…`;
  return `= ${shown}，四舍五入得 ${toFixed2(score)} 分`;
}

/** "8 × 0.80 = 6.40 分" */
export function productLine(points: Rational, f: Rational, score: Cents): string {
  return `${pts(points)} × ${factor(f)} ${result(mul(points, f), score)}`;
}

export interface Labels {
  date: string;
  numerator: string;
  denominator: string;
  count: string;
  unit: string | undefined;
}

/** Stands in for an indicator's labels where nothing is worded (scores without explanations). */
export const NO_LABELS: Labels = { date: '', numerator: '', denominator: '', count: '', unit: undefined };

export function labelsOf(ind: Indicator): Labels {
  return {
    date: ind.value?.date ?? '完成日期',
    numerator: ind.value?.numerator ?? '分子',
    denominator: ind.value?.denominator ?? '分母',
    count: ind.value?.count ?? '数量',
    unit: ind.value?.unit,
  };
}

/** "（满分 8 分）" */
export function outOf(points: Rational): string {
  return `（满分 ${pts(points)} 分）`;
}
