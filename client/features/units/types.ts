import type { RouterOutputs } from '../../../server/root';

export type UnitData = RouterOutputs['scores']['unit'];
export type UnitScore = UnitData['score'];
export type IndicatorResult = UnitScore['indicators'][number];
export type RollupChild = NonNullable<IndicatorResult['children']>[number];
export type EvidenceLink = IndicatorResult['evidence'][number];
export type CountyRow = UnitData['children'][number];
export type SchemeIndicator = RouterOutputs['scheme']['get']['scheme']['indicators'][number];
export type StatusGrid = RouterOutputs['periods']['statusGrid'];
export type GridCell = StatusGrid['rows'][number]['cells'][number];

export type RankingRowOfUnit = NonNullable<UnitData['ranking']>;

/** A county's ranking row (it carries its city and rank within the city). */
export function isCountyRow(r: RankingRowOfUnit | null | undefined): r is CountyRow {
  return Boolean(r && 'cityRank' in r && 'cityCode' in r);
}
