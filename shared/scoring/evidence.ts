import { hasEvidence, type IndicatorValue } from '../report-values';
import type { Indicator } from '../scheme';
import type { EvidenceLink } from './types';

export function evidenceLinks(v: IndicatorValue | undefined): EvidenceLink[] {
  const url = v?.evidenceUrl?.trim();
  const file = v?.evidenceFile?.trim();
  if (!url && !file) return [];
  const links: EvidenceLink[] = [];
  if (url) links.push({ type: 'url', ref: url });
  if (file) links.push({ type: 'file', ref: file });
  return links;
}

const EVIDENCE_MISSING = { note: '（注：本指标要求提供佐证材料，尚未提供）', missing: true } as const;
const NOTHING_MISSING = { note: '', missing: false } as const;

/**
 * For rules other than `boolean`, missing required evidence does not cost points (the spec ties
 * points to it only for yes/no items) but the reviewer should see it.
 */
export function evidenceNote(ind: Indicator, v: IndicatorValue | undefined): { readonly note: string; readonly missing: boolean } {
  return ind.evidence === 'required' && v && !hasEvidence(v) ? EVIDENCE_MISSING : NOTHING_MISSING;
}
