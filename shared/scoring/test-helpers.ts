import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { validateScheme, type Indicator, type Scheme } from '../scheme';

/** A minimal indicator for rule tests. */
export function indicator(partial: Partial<Indicator> & Pick<Indicator, 'rule'>): Indicator {
  return { code: 'X-01', group: 'G', name: '测试指标', points: { city: 10, county: 10 }, ...partial };
}

/** The default 2018 scheme from the fixture, validated. */
export function loadDefaultScheme(): Scheme {
  const path = fileURLToPath(new URL('../../fixtures/default-scheme-2018.json', import.meta.url));
  const result = validateScheme(JSON.parse(readFileSync(path, 'utf8')));
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.scheme;
}
