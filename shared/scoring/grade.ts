import type { Grade } from '../scheme';
import type { Cents } from './cents';
import { centsToRational } from './cents';
import { cmp, fromDecimal } from './rational';

/** The grade with the highest `min` not above S (≥ 90 优秀 …); null if none applies. */
export function gradeFor(grades: readonly Grade[], S: Cents): string | null {
  const s = centsToRational(S);
  const fitting = grades.filter((g) => cmp(fromDecimal(g.min), s) <= 0);
  if (fitting.length === 0) return null;
  return fitting.reduce((best, g) => (g.min > best.min ? g : best)).name;
}
