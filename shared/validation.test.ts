import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import schemeJson from '../fixtures/default-scheme-2018.json';
import { SchemeShape, reportedIndicatorsFor, type Indicator, type PeriodDef, type Scheme } from './scheme';
import type { IndicatorValue, ReportValues } from './report-values';
import {
  earliestValueDate,
  evidenceUrlProblem,
  problemsByField,
  toZodIssues,
  validateIndicatorValue,
  validateReport,
  type FieldProblem,
  type ValidateReportInput,
  type ValidationMode,
} from './validation';

const scheme: Scheme = SchemeShape.parse(schemeJson);
const Q1 = scheme.periods.find((p) => p.code === '2018Q1') as PeriodDef;
const Q3 = scheme.periods.find((p) => p.code === '2018Q3') as PeriodDef;
const Q4 = scheme.periods.find((p) => p.code === '2018Q4') as PeriodDef;
const ind = (code: string): Indicator => scheme.indicators.find((i) => i.code === code) as Indicator;

const URL_OK = 'https://www.zjjs.gov.cn/art/2018/12/1/art_1.html';

/** A complete county report that passes in submit mode. */
function fullCounty(): ReportValues {
  return {
    'CAT-01': { date: '2018-11-20', evidenceUrl: URL_OK },
    'CAT-03': { yes: true, evidenceUrl: URL_OK },
    'HS-01': { numerator: 80, denominator: 100 },
    'HS-02': { count: 4, evidenceFile: 'sha256-abcdef0123' },
    'RH-01': { numerator: 30, denominator: 30 },
    'RH-02': { numerator: 28, denominator: 30 },
    'IN-01': { numerator: 0, denominator: 0 },
    'IN-07': { yes: false },
    'MC-01': { numerator: 5, denominator: 5 },
    'MC-02': { numerator: 12, denominator: 12 },
    'MC-03': { yes: true, evidenceUrl: URL_OK },
    'MC-04': { count: 3, evidenceUrl: URL_OK },
  };
}

function run(values: ReportValues, over: Partial<ValidateReportInput> = {}) {
  return validateReport({ scheme, level: 'county', period: Q4, values, reportDate: '2019-01-05', mode: 'submit', ...over });
}

/** One indicator, county level, Q4, report date 2019-01-05. */
function one(code: string, value: IndicatorValue | undefined, mode: ValidationMode = 'submit', previous?: IndicatorValue | null) {
  return validateIndicatorValue({ indicator: ind(code), level: 'county', year: 2018, value, reportDate: '2019-01-05', previous, mode });
}

const p = (indicator: string, field: FieldProblem['field'], message: string): FieldProblem => ({ indicator, field, message });

/** A draft checked strictly (as an Excel upload is): every problem of the values, none about what is missing. */
const strict = (code: string, value: IndicatorValue) =>
  validateIndicatorValue({ indicator: ind(code), level: 'county', year: 2018, value, reportDate: '2019-01-05', mode: 'draft', strictValues: true });

describe('validateReport — the complete report', () => {
  it('accepts a complete county report in submit mode', () => {
    expect(run(fullCounty())).toEqual({ errors: [], warnings: [] });
  });

  it('returns every problem at once, in indicator order', () => {
    const values = fullCounty();
    values['HS-01'] = { numerator: 120, denominator: 100 };
    values['RH-01'] = { numerator: -1, denominator: 30 };
    values['ZZ-99'] = { count: 1 };
    expect(run(values).errors).toEqual([
      p('HS-01', 'numerator', '已完成改造套数 120 大于年度计划改造套数 100'),
      p('RH-01', 'numerator', '已竣工户数 -1 不能为负数'),
      p('ZZ-99', '_', '指标代码 ZZ-99 不在2018年度考核指标中'),
    ]);
  });

  it('checks only indicators the level reports itself', () => {
    // A city rolls HS-01, RH-01, RH-02 and CAT-02 up from its counties.
    const cityCodes = reportedIndicatorsFor(scheme, 'city').map((i) => i.code);
    expect(cityCodes).not.toContain('HS-01');
    const r = run({}, { level: 'city', mode: 'submit' });
    const codes = new Set(r.errors.map((e) => e.indicator));
    expect([...codes].every((c) => cityCodes.includes(c))).toBe(true);
    expect(codes.has('HS-01')).toBe(false);
  });

  it('rejects a value for an indicator of the other level', () => {
    const values = { ...fullCounty(), 'HS-03': { yes: true, evidenceUrl: URL_OK } };
    expect(run(values).errors).toEqual([p('HS-03', '_', '指标 HS-03（城镇保障性安居工程财政资金绩效评价完成并公开结果）不适用于县(市、区)，无需填报')]);
  });

  it('rejects a value for a rollup at the city level', () => {
    const r = run({ 'HS-01': { numerator: 1, denominator: 2 } }, { level: 'city', mode: 'draft' });
    expect(r.errors).toEqual([p('HS-01', '_', '指标 HS-01（棚户区改造年度任务完成率）由所辖县(市、区)的数据汇总计算，无需填报')]);
  });

  it('rejects unknown indicator codes and unknown fields', () => {
    const values: ReportValues = { ...fullCounty(), 'XX-1': {} };
    (values['HS-02'] as Record<string, unknown>).colour = 'red';
    expect(run(values, { mode: 'draft' }).errors).toEqual([
      p('HS-02', '_', '未知填报项 colour'),
      p('XX-1', '_', '指标代码 XX-1 不在2018年度考核指标中'),
    ]);
  });

  it('refuses a period of another scheme year (caller mistake)', () => {
    expect(() => run({}, { period: { ...Q1, code: '2019Q1' } })).toThrow(RangeError);
  });

  it('refuses a malformed report date (caller mistake)', () => {
    expect(() => run({}, { reportDate: '2019-02-30' })).toThrow(RangeError);
  });
});

describe('submit mode: every applicable indicator needs its value', () => {
  it('lists each missing field of an empty county report', () => {
    const r = run({});
    expect(r.errors).toEqual([
      p('HS-01', 'numerator', '请填写已完成改造套数'),
      p('HS-01', 'denominator', '请填写年度计划改造套数'),
      p('HS-02', 'count', '请填写已公开事项数'),
      p('RH-01', 'numerator', '请填写已竣工户数'),
      p('RH-01', 'denominator', '请填写年度任务户数'),
      p('RH-02', 'numerator', '请填写已在村务公开栏公示户数'),
      p('RH-02', 'denominator', '请填写补助户数'),
      p('IN-01', 'numerator', '请填写按时公开件数'),
      p('IN-01', 'denominator', '请填写行政处罚决定件数'),
      p('MC-01', 'numerator', '请填写同步发布解读的文件数'),
      p('MC-01', 'denominator', '请填写印发政策性文件数'),
      p('MC-02', 'numerator', '请填写按期答复件数'),
      p('MC-02', 'denominator', '请填写收到申请件数'),
      p('MC-04', 'count', '请填写已完成并公开的抽查次数'),
      // CAT-01 is a deadline indicator: no date = not done yet, which is allowed.
      p('CAT-03', 'yes', '请选择“政务公开负面清单目录建立并动态更新”是否完成'),
      p('IN-07', 'yes', '请选择“"三改一拆"及小城镇环境综合整治成果公开”是否完成'),
      p('MC-03', 'yes', '请选择“年度政务公开培训”是否完成'),
    ].sort((a, b) => order(a) - order(b)));
    expect(r.warnings).toEqual([]);
  });

  it('allows an empty date on a deadline indicator (not done yet)', () => {
    expect(one('CAT-01', {}).errors).toEqual([]);
    expect(one('CAT-01', { date: '' }).errors).toEqual([]);
    expect(one('CAT-01', { date: null }).errors).toEqual([]);
  });

  it('ratio needs both numbers', () => {
    expect(one('HS-01', { numerator: 5 }).errors).toEqual([p('HS-01', 'denominator', '请填写年度计划改造套数')]);
    expect(one('HS-01', { numerator: 5, denominator: 9 }).errors).toEqual([]);
  });

  it('count needs the count', () => {
    expect(one('MC-04', { count: null }).errors).toEqual([p('MC-04', 'count', '请填写已完成并公开的抽查次数')]);
    expect(one('MC-04', { count: 0 }).errors).toEqual([]);
  });

  it('boolean needs yes or no; "no" is a valid answer', () => {
    expect(one('IN-07', { yes: null }).errors).toEqual([p('IN-07', 'yes', '请选择“"三改一拆"及小城镇环境综合整治成果公开”是否完成')]);
    expect(one('IN-07', { yes: false }).errors).toEqual([]);
  });

  it('draft mode only checks what is filled', () => {
    expect(run({}, { mode: 'draft' })).toEqual({ errors: [], warnings: [] });
    expect(run({ 'HS-01': { numerator: 3 } }, { mode: 'draft' }).errors).toEqual([]);
  });
});

/** Position of a problem in scheme order, then field order, to compare with validateReport's output. */
function order(x: FieldProblem): number {
  const fields = ['date', 'numerator', 'denominator', 'count', 'yes'];
  return scheme.indicators.findIndex((i) => i.code === x.indicator) * 10 + fields.indexOf(x.field);
}

describe('numbers: finite integers within 0…10,000,000', () => {
  it.each<[IndicatorValue, FieldProblem[]]>([
    [{ count: 3 }, []],
    [{ count: 10_000_000 }, []],
    [{ count: 10_000_001 }, [p('MC-04', 'count', '已完成并公开的抽查次数 10000001 超过上限 10000000')]],
    [{ count: -2 }, [p('MC-04', 'count', '已完成并公开的抽查次数 -2 不能为负数')]],
    [{ count: 1.5 }, [p('MC-04', 'count', '已完成并公开的抽查次数 1.5 应为整数')]],
    [{ count: Number.NaN }, [p('MC-04', 'count', '已完成并公开的抽查次数应填写数字')]],
    [{ count: Number.POSITIVE_INFINITY }, [p('MC-04', 'count', '已完成并公开的抽查次数应填写数字')]],
    [{ count: '3' as unknown as number }, [p('MC-04', 'count', '已完成并公开的抽查次数应填写数字')]],
  ])('MC-04 %j', (value, expected) => {
    expect(strict('MC-04', value).errors).toEqual(expected);
  });

  it('checks numerator and denominator on their own fields', () => {
    expect(strict('MC-02', { numerator: 2.5, denominator: -1 }).errors).toEqual([
      p('MC-02', 'numerator', '按期答复件数 2.5 应为整数'),
      p('MC-02', 'denominator', '收到申请件数 -1 不能为负数'),
    ]);
  });
});

describe('a draft keeps what it cannot yet submit', () => {
  it('values that can be stored but not submitted are warnings on a draft, errors on submission and on a strict (Excel) draft', () => {
    const values: ReportValues = {
      'HS-01': { numerator: 120, denominator: 100 },
      'MC-04': { count: -2 },
      'CAT-01': { date: '2019-01-06' },
      'MC-03': { yes: true, evidenceUrl: 'www.zj.gov.cn/a.html' },
    };
    const expected = [
      p('CAT-01', 'date', '目录编制完成日期 2019年1月6日 晚于填报日期 2019年1月5日'),
      p('HS-01', 'numerator', '已完成改造套数 120 大于年度计划改造套数 100'),
      p('MC-03', 'evidenceUrl', '公开网页链接格式不正确，应形如 https://www.example.gov.cn/…'),
      p('MC-04', 'count', '已完成并公开的抽查次数 -2 不能为负数'),
    ];
    const draft = run(values, { mode: 'draft' });
    expect(draft.errors).toEqual([]);
    expect([...draft.warnings].sort((a, b) => a.indicator.localeCompare(b.indicator))).toEqual(expected);
    const strict = run(values, { mode: 'draft', strictValues: true });
    expect([...strict.errors].sort((a, b) => a.indicator.localeCompare(b.indicator))).toEqual(expected);
    const submit = run(values, { mode: 'submit' });
    expect(submit.errors).toEqual(expect.arrayContaining(expected));
  });
  it('values that cannot be stored refuse even a draft', () => {
    expect(one('MC-04', { count: '3' as unknown as number }, 'draft').errors).toEqual([p('MC-04', 'count', '已完成并公开的抽查次数应填写数字')]);
    expect(one('MC-04', { count: 10_000_001 }, 'draft').errors).toEqual([p('MC-04', 'count', '已完成并公开的抽查次数 10000001 超过上限 10000000')]);
    expect(one('CAT-01', { date: '2018-02-30' }, 'draft').errors).toEqual([p('CAT-01', 'date', '目录编制完成日期 2018-02-30 不是有效日期，应为 YYYY-MM-DD')]);
    expect(one('MC-03', { evidenceUrl: 'https://a.gov.cn/' + 'x'.repeat(2000) }, 'draft').errors).toEqual([p('MC-03', 'evidenceUrl', '公开网页链接过长（最多 2000 个字符）')]);
  });
});

describe('numerator ≤ denominator', () => {
  it('passes when equal and when both are zero', () => {
    expect(one('HS-01', { numerator: 100, denominator: 100 }).errors).toEqual([]);
    expect(one('HS-01', { numerator: 0, denominator: 0 }).errors).toEqual([]);
  });
  it('fails on the numerator field naming both labels', () => {
    expect(one('HS-01', { numerator: 120, denominator: 100 }, 'submit').errors).toEqual([
      p('HS-01', 'numerator', '已完成改造套数 120 大于年度计划改造套数 100'),
    ]);
  });
});

describe('dates', () => {
  it('accepts a valid date inside the window', () => {
    expect(one('CAT-01', { date: '2018-12-31', evidenceUrl: URL_OK }).errors).toEqual([]);
    expect(one('CAT-01', { date: '2017-01-01', evidenceUrl: URL_OK }).errors).toEqual([]);
    expect(one('CAT-01', { date: '2019-01-05', evidenceUrl: URL_OK }).errors).toEqual([]);
  });
  it('rejects malformed and impossible dates', () => {
    expect(one('CAT-01', { date: '2018-02-30' }, 'draft').errors).toEqual([p('CAT-01', 'date', '目录编制完成日期 2018-02-30 不是有效日期，应为 YYYY-MM-DD')]);
    expect(one('CAT-01', { date: '2018/12/31' }, 'draft').errors).toEqual([p('CAT-01', 'date', '目录编制完成日期 2018/12/31 不是有效日期，应为 YYYY-MM-DD')]);
  });
  it('rejects a date after the report date', () => {
    expect(one('CAT-01', { date: '2019-01-06' }, 'submit').errors).toEqual([p('CAT-01', 'date', '目录编制完成日期 2019年1月6日 晚于填报日期 2019年1月5日')]);
  });
  it('rejects a date before 1 January of the previous year', () => {
    expect(earliestValueDate(2018)).toBe('2017-01-01');
    const r = validateIndicatorValue({ indicator: ind('IN-06'), level: 'city', year: 2018, value: { date: '2016-12-31' }, reportDate: '2019-01-05', mode: 'submit' });
    expect(r.errors).toEqual([p('IN-06', 'date', '年度报告披露日期 2016年12月31日 早于 2017年1月1日，不在可填报范围内')]);
  });
});

describe('evidence required when the value claims something (submit mode)', () => {
  it('boolean yes without evidence fails; with a URL or a file passes; "no" needs none', () => {
    expect(one('MC-03', { yes: true }).errors).toEqual([p('MC-03', 'evidenceUrl', '“年度政务公开培训”须提供证明材料：公开网页链接或上传文件')]);
    expect(one('MC-03', { yes: true, evidenceUrl: URL_OK }).errors).toEqual([]);
    expect(one('MC-03', { yes: true, evidenceFile: 'sha256-0123456789abcdef' }).errors).toEqual([]);
    expect(one('MC-03', { yes: false }).errors).toEqual([]);
  });
  it('count > 0 needs evidence; count 0 does not', () => {
    expect(one('HS-02', { count: 2 }).errors).toEqual([
      p('HS-02', 'evidenceUrl', '“棚改和保障性住房信息公开(年度计划、项目清单、完成情况、准入退出)”须提供证明材料：公开网页链接或上传文件'),
    ]);
    expect(one('HS-02', { count: 0 }).errors).toEqual([]);
  });
  it('a given date needs evidence when the indicator requires it', () => {
    const r = validateIndicatorValue({ indicator: ind('IN-06'), level: 'city', year: 2018, value: { date: '2018-03-30' }, reportDate: '2019-01-05', mode: 'submit' });
    expect(r.errors).toEqual([p('IN-06', 'evidenceUrl', '“住房公积金年度报告按时披露”须提供证明材料：公开网页链接或上传文件')]);
  });
  it('numerator > 0 needs evidence when required (scheme variant)', () => {
    const required: Indicator = { ...ind('MC-02'), evidence: 'required' };
    const check = (value: IndicatorValue) =>
      validateIndicatorValue({ indicator: required, level: 'county', year: 2018, value, reportDate: '2019-01-05', mode: 'submit' }).errors;
    expect(check({ numerator: 1, denominator: 2 })).toEqual([p('MC-02', 'evidenceUrl', '“依申请公开按期答复率”须提供证明材料：公开网页链接或上传文件')]);
    expect(check({ numerator: 0, denominator: 2 })).toEqual([]);
  });
  it('is not required for indicators without evidence: required', () => {
    expect(one('HS-01', { numerator: 5, denominator: 5 }).errors).toEqual([]);
  });
  it('is not checked in draft mode', () => {
    expect(one('MC-03', { yes: true }, 'draft').errors).toEqual([]);
  });
});

describe('evidence URL must be http(s), in both modes', () => {
  it.each(['https://www.hangzhou.gov.cn/art/2018/4/1/art_1.html', 'http://zjj.hangzhou.gov.cn/index.html?id=3#a', 'HTTPS://WWW.ZJ.GOV.CN/'])(
    'accepts %s',
    (url) => {
      expect(evidenceUrlProblem(url)).toBeNull();
      expect(one('MC-03', { yes: true, evidenceUrl: url }, 'draft').errors).toEqual([]);
    },
  );
  it.each([
    ['javascript:alert(1)', '公开网页链接须以 http:// 或 https:// 开头'],
    ['JavaScript:alert(1)', '公开网页链接须以 http:// 或 https:// 开头'],
    ['ftp://ftp.zj.gov.cn/a.pdf', '公开网页链接须以 http:// 或 https:// 开头'],
    ['data:text/html,<script>alert(1)</script>', '公开网页链接须以 http:// 或 https:// 开头'],
    ['www.zj.gov.cn/a.html', '公开网页链接格式不正确，应形如 https://www.example.gov.cn/…'],
    ['http://', '公开网页链接格式不正确，应形如 https://www.example.gov.cn/…'],
    ['http:www.zj.gov.cn', '公开网页链接格式不正确，应形如 https://www.example.gov.cn/…'],
    ['https://www.zj .gov.cn/', '公开网页链接格式不正确，应形如 https://www.example.gov.cn/…'],
    ['https://user:pw@www.zj.gov.cn/', '公开网页链接格式不正确，应形如 https://www.example.gov.cn/…'],
  ])('rejects %s', (url, message) => {
    expect(one('MC-03', { yes: true, evidenceUrl: url }, 'submit').errors).toEqual([p('MC-03', 'evidenceUrl', message)]);
    expect(one('MC-03', { yes: false, evidenceUrl: url }, 'submit').errors).toEqual([p('MC-03', 'evidenceUrl', message)]);
    // A draft keeps it, with the same message as a warning.
    expect(one('MC-03', { yes: true, evidenceUrl: url }, 'draft')).toEqual({ errors: [], warnings: [p('MC-03', 'evidenceUrl', message)] });
  });
  it('rejects an over-long URL', () => {
    const url = `https://www.zj.gov.cn/${'a'.repeat(2000)}`;
    expect(one('MC-03', { evidenceUrl: url }, 'draft').errors).toEqual([p('MC-03', 'evidenceUrl', '公开网页链接过长（最多 2000 个字符）')]);
  });
});

describe('evidence file and note', () => {
  it('accepts a content hash and rejects a path', () => {
    expect(one('MC-03', { evidenceFile: 'sha256:9f86d081884c7d659a2feaa0c55ad015' }, 'draft').errors).toEqual([]);
    expect(one('MC-03', { evidenceFile: '../../etc/passwd' }, 'draft').errors).toEqual([p('MC-03', 'evidenceFile', '证明文件标识格式不正确，请重新上传')]);
  });
  it('limits the note to 2000 characters', () => {
    expect(one('MC-03', { note: '说明'.repeat(1000) }, 'draft').errors).toEqual([]);
    expect(one('MC-03', { note: '说明'.repeat(1000) + '。' }, 'draft').errors).toEqual([p('MC-03', 'note', '备注过长（最多 2000 个字符）')]);
  });
});

describe('fields the rule does not use and extra figures', () => {
  it('rejects a filled field of another rule; empty ones are fine', () => {
    expect(one('MC-03', { yes: true, count: 3, date: null, evidenceUrl: URL_OK }, 'draft').errors).toEqual([p('MC-03', 'count', '本指标不填报数量')]);
    expect(one('HS-01', { numerator: 1, denominator: 1, yes: false }, 'draft').errors).toEqual([p('HS-01', 'yes', '本指标不填报是/否')]);
  });
  it('accepts extra figures the scheme names, with decimals', () => {
    const r = validateIndicatorValue({
      indicator: ind('HS-03'),
      level: 'city',
      year: 2018,
      value: { yes: true, evidenceUrl: URL_OK, extra: { evaluationScore: 92.5 } },
      reportDate: '2019-01-05',
      mode: 'submit',
    });
    expect(r.errors).toEqual([]);
  });
  it('rejects unknown extra keys and out-of-range extra figures', () => {
    const r = validateIndicatorValue({
      indicator: ind('HS-03'),
      level: 'city',
      year: 2018,
      value: { extra: { evaluationScore: -1, bogus: 1 } },
      reportDate: '2019-01-05',
      mode: 'draft',
      strictValues: true,
    });
    expect(r.errors).toEqual([p('HS-03', 'extra', '绩效评价得分 -1 不能为负数'), p('HS-03', 'extra', '未知的附加数据项 bogus')]);
  });
});

describe('cumulative figures lower than the previous accepted quarter', () => {
  const previous: ReportValues = { 'HS-01': { numerator: 100, denominator: 150 }, 'MC-04': { count: 3 } };

  it('no problem when equal or higher', () => {
    const values = { ...fullCounty(), 'HS-01': { numerator: 100, denominator: 140 }, 'MC-04': { count: 3, evidenceUrl: URL_OK } };
    expect(run(values, { previous, period: Q3 })).toEqual({ errors: [], warnings: [] });
  });

  it('draft: a warning on the field saying a note is required', () => {
    const r = run({ 'HS-01': { numerator: 80, denominator: 150 } }, { previous, period: Q3, mode: 'draft' });
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([p('HS-01', 'numerator', '已完成改造套数 80 低于上一季度已受理的 100，须在备注中说明原因')]);
  });

  it('with a note: still a warning, not an error, in both modes', () => {
    const values = {
      ...fullCounty(),
      'HS-01': { numerator: 100, denominator: 150 },
      'MC-04': { count: 2, evidenceUrl: URL_OK, note: '第三季度抽查结果经复核撤回一次' },
    };
    for (const mode of ['draft', 'submit'] as const) {
      const r = run(values, { previous, period: Q3, mode });
      expect(r.errors).toEqual([]);
      expect(r.warnings).toEqual([p('MC-04', 'count', '已完成并公开的抽查次数 2 低于上一季度已受理的 3（已在备注中说明原因）')]);
    }
  });

  it('submit without a note: an error on the note field', () => {
    const values = { ...fullCounty(), 'HS-01': { numerator: 80, denominator: 150, note: '  ' } };
    const r = run(values, { previous, period: Q3 });
    expect(r.errors).toEqual([p('HS-01', 'note', '已完成改造套数 80 低于上一季度已受理的 100，须在备注中说明原因')]);
    expect(r.warnings).toEqual([]);
  });

  it('denominators may go down without a note (plans are revised)', () => {
    expect(one('HS-01', { numerator: 10, denominator: 20 }, 'submit', { numerator: 10, denominator: 30 })).toEqual({ errors: [], warnings: [] });
  });

  it('a first quarter has no previous quarter to compare with', () => {
    const r = run({ 'HS-01': { numerator: 80, denominator: 150 } }, { previous, period: Q1, mode: 'draft', reportDate: '2018-04-05' });
    expect(r.warnings).toEqual([]);
  });
});

describe('problemsByField and toZodIssues', () => {
  const problems = [
    p('HS-01', 'numerator', '已完成改造套数 120 大于年度计划改造套数 100'),
    p('HS-01', 'note', 'a'),
    p('HS-01', 'note', 'b'),
    p('ZZ-1', '_', '指标代码 ZZ-1 不在2018年度考核指标中'),
  ];
  it('groups messages by indicator and field', () => {
    expect(problemsByField(problems)).toEqual({
      'HS-01': { numerator: '已完成改造套数 120 大于年度计划改造套数 100', note: 'a；b' },
      'ZZ-1': { _: '指标代码 ZZ-1 不在2018年度考核指标中' },
    });
  });
  it('feeds a zod superRefine so errors land on the field', () => {
    const Form = z.object({ values: z.record(z.string(), z.unknown()) }).superRefine((input, ctx) => {
      const r = run(input.values as ReportValues, { mode: 'draft', strictValues: true });
      for (const issue of toZodIssues(r.errors, ['values'])) ctx.addIssue(issue);
    });
    const res = Form.safeParse({ values: { 'HS-01': { numerator: 120, denominator: 100 } } });
    expect(res.success).toBe(false);
    expect(res.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['values.HS-01.numerator', '已完成改造套数 120 大于年度计划改造套数 100']]);
  });
});
