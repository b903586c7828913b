import { centsOf, toFixed2, type Cents } from './cents';
import { percent, productLine, qty, type Labels } from './format';
import { cmp, div, isZero, min, mul, ONE, type Rational } from './rational';

export interface RatioCoreInput {
  points: Rational;
  numerator: Rational;
  denominator: Rational;
  target: Rational;
  fullWhenNone: boolean;
  labels: Labels;
  /** "合计" for rollups. */
  sumWord?: string;
}

/** points × min(1, (num/den) / target); den = 0 → full when fullWhenNone, else 0. Shared by ratio and sum-ratio. */
export function ratioCore(input: RatioCoreInput): { score: Cents; explanation: string } {
  const { points, numerator, denominator, target, fullWhenNone, labels } = input;
  const w = input.sumWord ?? '';
  if (isZero(denominator)) {
    if (fullWhenNone) {
      const score = centsOf(points);
      return { score, explanation: `${labels.denominator}${w}为 0，本年度无此类事项，按规定得满分 → ${toFixed2(score)} 分` };
    }
    return { score: 0, explanation: `${labels.denominator}${w}为 0，无法计算比率，本项不得分 → 0.00 分` };
  }
  const rate = div(numerator, denominator);
  let text = `${labels.numerator}${w} ${qty(numerator, labels.unit)} / ${labels.denominator}${w} ${qty(denominator, labels.unit)} = ${percent(rate)}`;
  const ofTarget = div(rate, target);
  if (cmp(target, ONE) !== 0) text += `，目标 ${percent(target)}，完成目标的 ${percent(ofTarget)}`;
  if (cmp(ofTarget, ONE) > 0) text += '，超过目标按满分计';
  const f = min(ONE, ofTarget);
  const score = centsOf(mul(points, f));
  return { score, explanation: `${text} → ${productLine(points, f, score)}` };
}
