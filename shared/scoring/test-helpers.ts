import type { Indicator } from '../scheme';

/** A minimal indicator for rule tests. */
export function indicator(partial: Partial<Indicator> & Pick<Indicator, 'rule'>): Indicator {
  return { code: 'X-01', group: 'G', name: '测试指标', points: { city: 10, county: 10 }, ...partial };
}
