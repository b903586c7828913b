import type { Grade } from '../scheme';
import type { Cents } from './cents';
import { comparePoints } from './exact';

/** The grade with the highest `min` not above S (≥ 90 优秀 …); null if none applies. */
export function gradeFor(grades: readonly Grade[], S: Cents): string | null {
  let best: Grade | null = null;
  for (const g of grades) {
    if (comparePoints(g.min, S) <= 0 && (!best || g.min > best.min)) best = g;
  }
  return best ? best.name : null;
}
