import { toFixed2, type Cents } from './cents';
import { cappedCents, cappedCentsOf, pointsCents } from './exact';
import { percent, productLine, qty, type Labels } from './format';
import { cmp, div, fromDecimal, isZero, min, ONE, type Rational } from './rational';

export interface RatioCoreInput {
  points: number;
  /** Reported figures, or exact sums of them (rollups). */
  numerator: number | Rational;
  denominator: number | Rational;
  target: number;
  fullWhenNone: boolean;
  labels: Labels;
  /** "合计" for rollups. */
  sumWord?: string;
  /** false: the score only, without its explanation (rankings from scratch). */
  explain: boolean;
}

const exact = (x: number | Rational) => (typeof x === 'number' ? fromDecimal(x) : x);

/** points × min(1, (num/den) / target); den = 0 → full when fullWhenNone, else 0. Shared by ratio and sum-ratio. */
export function ratioCore(input: RatioCoreInput): { score: Cents; explanation: string } {
  const { points, numerator, denominator, target, fullWhenNone, labels, explain } = input;
  const w = input.sumWord ?? '';
  const zero = typeof denominator === 'number' ? denominator === 0 : isZero(denominator);
  if (zero) {
    if (fullWhenNone) {
      const score = pointsCents(points);
      return { score, explanation: explain ? `${labels.denominator}${w}为 0，本年度无此类事项，按规定得满分 → ${toFixed2(score)} 分` : '' };
    }
    return { score: 0, explanation: explain ? `${labels.denominator}${w}为 0，无法计算比率，本项不得分 → 0.00 分` : '' };
  }
  const score =
    typeof numerator === 'number' && typeof denominator === 'number'
      ? cappedCents(points, numerator, denominator, target)
      : cappedCentsOf(fromDecimal(points), exact(numerator), exact(denominator), fromDecimal(target));
  if (!explain) return { score, explanation: '' };
  const n = exact(numerator);
  const d = exact(denominator);
  const T = fromDecimal(target);
  const rate = div(n, d);
  let text = `${labels.numerator}${w} ${qty(n, labels.unit)} / ${labels.denominator}${w} ${qty(d, labels.unit)} = ${percent(rate)}`;
  const ofTarget = div(rate, T);
  if (cmp(T, ONE) !== 0) text += `，目标 ${percent(T)}，完成目标的 ${percent(ofTarget)}`;
  if (cmp(ofTarget, ONE) > 0) text += '，超过目标按满分计';
  return { score, explanation: `${text} → ${productLine(fromDecimal(points), min(ONE, ofTarget), score)}` };
}
