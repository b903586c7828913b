import type { ReportValues } from '../../shared/report-values';

const url = (p: string) => `https://jsj.example.gov.cn/zwgk/${p}`;

/** A complete, valid set of 2018 county values (as of a Q4 report filed in January 2019). */
export function fullCountyValues(overrides: ReportValues = {}): ReportValues {
  return {
    'CAT-01': { date: '2018-12-20', evidenceUrl: url('catalogue') },
    'CAT-03': { yes: true, evidenceUrl: url('negative-list') },
    'HS-01': { numerator: 120, denominator: 150 },
    'HS-02': { count: 4, evidenceUrl: url('housing') },
    'RH-01': { numerator: 80, denominator: 80 },
    'RH-02': { numerator: 78, denominator: 80 },
    'IN-01': { numerator: 9, denominator: 10 },
    'IN-07': { yes: true, evidenceUrl: url('sangai') },
    'MC-01': { numerator: 5, denominator: 5 },
    'MC-02': { numerator: 12, denominator: 12 },
    'MC-03': { yes: true, evidenceUrl: url('training') },
    'MC-04': { count: 4, evidenceUrl: url('spot-checks') },
    ...overrides,
  };
}

/** A complete, valid set of 2018 city values (cities report no rollups: HS-01, RH-01, RH-02, CAT-02 come from counties). */
export function fullCityValues(overrides: ReportValues = {}): ReportValues {
  return {
    'CAT-01': { date: '2018-12-15', evidenceUrl: url('catalogue') },
    'CAT-03': { yes: true, evidenceUrl: url('negative-list') },
    'HS-02': { count: 4, evidenceUrl: url('housing') },
    'HS-03': { yes: true, evidenceUrl: url('fund-evaluation'), extra: { evaluationScore: 92.5 } },
    'RH-03': { yes: true, evidenceUrl: url('rural-evaluation') },
    'IN-01': { numerator: 30, denominator: 30 },
    'IN-02': { yes: true, evidenceUrl: url('planning') },
    'IN-03': { count: 4, evidenceUrl: url('bulletins') },
    'IN-04': { count: 4, evidenceUrl: url('water') },
    'IN-05': { yes: true, evidenceUrl: url('blacklist') },
    'IN-06': { date: '2018-03-28', evidenceUrl: url('provident-fund') },
    'IN-07': { yes: true, evidenceUrl: url('sangai') },
    'MC-01': { numerator: 8, denominator: 8 },
    'MC-02': { numerator: 20, denominator: 21 },
    'MC-03': { yes: true, evidenceUrl: url('training') },
    'MC-04': { count: 4, evidenceUrl: url('spot-checks') },
    'MC-05': { numerator: 2, denominator: 2 },
    ...overrides,
  };
}

/** Valid first-quarter values (nothing dated after early April 2018). */
export function q1Values(level: 'city' | 'county'): ReportValues {
  const notYet = { 'CAT-01': {}, 'MC-04': { count: 1, evidenceUrl: url('spot-checks') } };
  return level === 'city'
    ? fullCityValues({ ...notYet, 'IN-03': { count: 1, evidenceUrl: url('bulletins') }, 'IN-04': { count: 1, evidenceUrl: url('water') } })
    : fullCountyValues({ ...notYet, 'HS-01': { numerator: 20, denominator: 150 }, 'RH-01': { numerator: 10, denominator: 80 }, 'RH-02': { numerator: 10, denominator: 80 } });
}
