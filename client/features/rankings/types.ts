import type { RouterOutputs } from '../../../server/root';

/** What `scores.ranking` returns, and its parts. */
export type RankingData = RouterOutputs['scores']['ranking'];
export type ScoreRun = NonNullable<RankingData['run']>;
export type CityRow = ScoreRun['cities'][number];
export type CountyRow = ScoreRun['counties'][number];
export type Publication = RankingData['publications'][number];
export type ViewStatus = RankingData['status'];
export type GroupDef = ScoreRun['groups'][number];
export type Adjustment = RouterOutputs['scores']['adjustments'][number];
