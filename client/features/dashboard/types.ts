import type { RouterOutputs } from '../../../server/root';

export type OverviewData = RouterOutputs['dashboard']['overview'];
export type TopicsData = RouterOutputs['dashboard']['topics'];
export type UnitRow = OverviewData['cities'][number];
export type Measure = OverviewData['measures'][number];
export type RatioRow = TopicsData['shantytown']['rows'][number];
