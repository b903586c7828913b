import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateScheme, indicatorsFor, reportedIndicatorsFor, type Scheme } from './scheme';

const base = (): Scheme => JSON.parse(fs.readFileSync('fixtures/default-scheme-2018.json', 'utf8'));

describe('scheme validation', () => {
  it('accepts the default 2018 scheme: 100 points for a city and for a county', () => {
    const r = validateScheme(base());
    expect(r.ok).toBe(true);
    const s = base();
    expect(indicatorsFor(s, 'city').reduce((a, i) => a + (i.points.city ?? 0), 0)).toBe(100);
    expect(indicatorsFor(s, 'county').reduce((a, i) => a + (i.points.county ?? 0), 0)).toBe(100);
    expect(indicatorsFor(s, 'city')).toHaveLength(21);
    expect(indicatorsFor(s, 'county')).toHaveLength(12);
    // Cities report HS-01/RH-01/RH-02 through their counties (cityRule), CAT-02 is a rollup.
    expect(reportedIndicatorsFor(s, 'city').map((i) => i.code)).not.toContain('CAT-02');
    expect(reportedIndicatorsFor(s, 'city').map((i) => i.code)).not.toContain('HS-01');
    expect(reportedIndicatorsFor(s, 'county').map((i) => i.code)).toContain('HS-01');
  });

  it('refuses a disclosure weight of 3.9%, citing clause 十四', () => {
    const s = { ...base(), disclosureWeight: 0.039 };
    const r = validateScheme(s);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems).toEqual([
        { path: 'disclosureWeight', message: '政务公开考核权重为 3.9%，按方案第十四条“所占分值权重不低于4%”，权重不得低于 4%' },
      ]);
    }
  });

  it('refuses points that do not sum to 100 per level', () => {
    const s = base();
    s.indicators[0].points.city = 11;
    const r = validateScheme(s);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toContainEqual({ path: 'points.city', message: '设区市各指标分值合计为 101 分，应为 100 分' });
  });

  it('refuses a rollup naming an indicator that does not exist', () => {
    const s = base();
    const cat02 = s.indicators.find((i) => i.code === 'CAT-02')!;
    cat02.of = 'CAT-99';
    const r = validateScheme(s);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toContainEqual({ path: 'indicators.1.of', message: '汇总指标 CAT-02 引用的指标 CAT-99 不存在' });
  });

  it('lists every problem at once', () => {
    const s = { ...base(), disclosureWeight: 0.02 };
    s.indicators[0].points.county = 25;
    const r = validateScheme(s);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.path).sort()).toEqual(['disclosureWeight', 'points.county']);
  });

  it('reports shape errors with their path', () => {
    const r = validateScheme({ ...base(), year: 'x' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0].path).toBe('year');
  });
});
