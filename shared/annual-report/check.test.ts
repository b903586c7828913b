import { describe, expect, it } from 'vitest';
import { annualFormat, describeCell, formatCells, totalCells } from './format';
import { checkAnnualReport, exactSum, recomputeTotals, sumAnnualCells, type AnnualReportData } from './check';
import { sampleAnnualData } from './sample';

const format = annualFormat('national-2021');
const A = (row: string, col: string) => `applications.${row}.${col}`;

function check(data: AnnualReportData, mode: 'draft' | 'submit' = 'submit', previous?: { year: number; data: AnnualReportData }) {
  return checkAnnualReport({ format, year: 2018, data, mode, today: '2019-01-25', previous });
}

function withCells(patch: Record<string, number | null>): AnnualReportData {
  const d = sampleAnnualData();
  return { ...d, cells: { ...d.cells, ...patch } };
}

describe('the 2021 national format as data', () => {
  it('has the national tables, rows and columns word for word', () => {
    expect(format.tables.map((t) => t.title)).toEqual([
      '二、主动公开政府信息情况',
      '三、收到和处理政府信息公开申请情况',
      '四、政府信息公开行政复议、行政诉讼情况',
    ]);
    expect(format.texts.map((t) => t.title)).toEqual(['一、总体情况', '五、存在的主要问题及改进情况', '六、其他需要报告的事项']);
    const apps = format.tables[1].blocks[0];
    expect(apps.columns.map((c) => c.label)).toEqual(['自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计']);
    expect(apps.rows).toHaveLength(25);
    expect(apps.rows[0].label).toBe('一、本年新收政府信息公开申请数量');
    expect(apps.rows[4]).toMatchObject({ label: '1.属于国家秘密', group: ['三、本年度办理结果', '（三）不予公开'] });
    expect(apps.rows[23].label).toBe('（七）总计');
    expect(apps.rows[24].label).toBe('四、结转下年度继续办理');
    expect(format.tables[0].blocks.map((b) => b.heading)).toEqual(['第二十条第（一）项', '第二十条第（五）项', '第二十条第（六）项', '第二十条第（八）项']);
    expect(format.tables[0].blocks[3].columns[0]).toMatchObject({ label: '本年收费金额（单位：万元）', decimals: 2 });
    const lit = format.tables[2].blocks[0].columns;
    expect(lit).toHaveLength(15);
    expect(lit[5]).toMatchObject({ label: '结果维持', group: ['行政诉讼', '未经复议直接起诉'] });
    expect(formatCells(format)).toHaveLength(3 * 2 + 1 + 2 + 1 + 25 * 7 + 15);
  });

  it('names a cell by table, row and column', () => {
    expect(describeCell(format, A('resultTotal', 'natural'))).toBe('表三“三、本年度办理结果 （七）总计”行“自然人”列');
    expect(describeCell(format, 'litigation.count.directTotal')).toBe('表四“行政诉讼—未经复议直接起诉—总计”列');
  });
});

describe('checkAnnualReport', () => {
  it('passes the hand-worked report with no problem', () => {
    expect(check(sampleAnnualData())).toEqual({ errors: [], warnings: [] });
  });

  it('总计 column = the sum of 自然人 and the five 法人或其他组织 columns, in every row', () => {
    const { errors } = check(withCells({ [A('new', 'total')]: 14, [A('carriedOut', 'total')]: 4 }));
    // 总计 of 新收 is 14 but 10 + 3 = 13; 结转下年度 总计 is 4 but 3 + 0 = 3 (and the balance 14 + 2 ≠ 12 + 4 holds: 16 = 16).
    expect(errors).toEqual([
      {
        cell: A('new', 'total'),
        table: '三',
        row: '一、本年新收政府信息公开申请数量',
        column: '总计',
        message: '表三“一、本年新收政府信息公开申请数量”行“总计”列：应等于自然人与法人或其他组织各列之和 13，填写的是 14',
      },
      expect.objectContaining({ cell: A('carriedOut', 'total'), message: expect.stringContaining('之和 3，填写的是 4') }),
    ]);
  });

  it('（七）总计 = （一）予以公开 + （二）部分公开 + every item of （三）…（六）, in every column', () => {
    // 自然人: 5 + 1 + 2 + 1 = 9. Moving one application from 予以公开 to 1.属于国家秘密 keeps the sum: no problem.
    expect(check(withCells({ [A('granted', 'natural')]: 4, [A('denySecret', 'natural')]: 1, [A('granted', 'total')]: 6, [A('denySecret', 'total')]: 1 })).errors).toEqual([]);
    // Adding one to 3.其他 of （六） without changing （七） breaks it (in 自然人, and 总计 column of that row too).
    const { errors } = check(withCells({ [A('otherOther', 'natural')]: 1 }));
    expect(errors.map((e) => e.message)).toEqual([
      '表三“三、本年度办理结果 （六）其他处理 3.其他”行“总计”列：应等于自然人与法人或其他组织各列之和 2，填写的是 1',
      '表三“三、本年度办理结果 （七）总计”行“自然人”列：应等于（一）至（六）各项之和 10，填写的是 9',
    ]);
  });

  it('一 + 二 = 三（七）+ 四 in every column, showing both sides', () => {
    // 自然人 结转下年度 4 (and 总计 column 4): 10 + 2 = 12 ≠ 9 + 4 = 13.
    const { errors } = check(withCells({ [A('carriedOut', 'natural')]: 4, [A('carriedOut', 'total')]: 4 }));
    expect(errors).toEqual([
      expect.objectContaining({
        cell: A('carriedOut', 'natural'),
        column: '自然人',
        message:
          '表三“四、结转下年度继续办理”行“自然人”列：一、本年新收政府信息公开申请数量（10） + 二、上年结转政府信息公开申请数量（2） = 12，应等于 （七）总计（9） + 四、结转下年度继续办理（4） = 13',
      }),
      expect.objectContaining({ cell: A('carriedOut', 'total'), column: '总计' }),
    ]);
    // Balanced the other way (fewer carried in) it passes.
    expect(check(withCells({ [A('carriedIn', 'natural')]: 3, [A('carriedIn', 'total')]: 3, [A('carriedOut', 'natural')]: 4, [A('carriedOut', 'total')]: 4 })).errors).toEqual([]);
  });

  it('行政复议 and both 行政诉讼 总计 = 维持 + 纠正 + 其他 + 尚未审结', () => {
    const bad = check(
      withCells({ 'litigation.count.reconsiderationTotal': 2, 'litigation.count.directTotal': 0, 'litigation.count.afterReconsiderationTotal': 1 }),
    ).errors;
    expect(bad.map((e) => [e.cell, e.message])).toEqual([
      ['litigation.count.reconsiderationTotal', '表四“行政复议—总计”列：应等于结果维持、结果纠正、其他结果、尚未审结之和 3，填写的是 2'],
      ['litigation.count.directTotal', '表四“行政诉讼—未经复议直接起诉—总计”列：应等于结果维持、结果纠正、其他结果、尚未审结之和 1，填写的是 0'],
      ['litigation.count.afterReconsiderationTotal', '表四“行政诉讼—复议后起诉—总计”列：应等于结果维持、结果纠正、其他结果、尚未审结之和 0，填写的是 1'],
    ]);
    expect(check(withCells({ 'litigation.count.afterReconsiderationPending': 2, 'litigation.count.afterReconsiderationTotal': 2 })).errors).toEqual([]);
  });

  it('whole non-negative numbers; fees with at most two decimals', () => {
    const { errors } = check(
      withCells({ 'art20_1.normative.issued': 2.5, 'art20_6.penalty.decisions': -1, 'art20_8.fees.amount': 12.345, 'art20_5.licensing.decisions': 20_000_000 }),
    );
    expect(errors.map((e) => e.message)).toEqual([
      '表二“行政规范性文件”行“本年制发件数”列：应为整数',
      '表二“行政许可”行“本年处理决定数量”列：数值过大（不超过 10000000）',
      '表二“行政处罚”行“本年处理决定数量”列：不能为负数',
      '表二“行政事业性收费”行“本年收费金额（单位：万元）”列：最多保留两位小数',
    ]);
    expect(check(withCells({ 'art20_8.fees.amount': 0.07 })).errors).toEqual([]);
  });

  it('a blank cell is an error on submit (fill 0) but fine in a draft; while typing, blank parts count as 0', () => {
    const typing: AnnualReportData = { cells: { [A('new', 'natural')]: 10, [A('new', 'total')]: 12 }, texts: {}, publishedUrl: null, publishedOn: null };
    expect(check(typing, 'draft').errors.map((e) => e.message)).toEqual(['表三“一、本年新收政府信息公开申请数量”行“总计”列：应等于自然人与法人或其他组织各列之和 10，填写的是 12']);
    expect(check({ ...typing, cells: { [A('new', 'total')]: 12 } }, 'draft').errors).toEqual([]);
    const data = withCells({ [A('new', 'natural')]: null, [A('new', 'total')]: null });
    expect(check(data, 'draft').errors).toEqual([]);
    expect(check(data, 'submit').errors).toEqual([
      expect.objectContaining({ cell: A('new', 'natural'), message: '表三“一、本年新收政府信息公开申请数量”行“自然人”列：请填写，没有请填 0' }),
      expect.objectContaining({ cell: A('new', 'total') }),
    ]);
    expect(check(data, 'submit').errors[1].message).toContain('请填写（合计数），没有请填 0');
  });

  it('submit needs 总体情况, the publication URL and date; both are checked when given', () => {
    const blank = { ...sampleAnnualData(), texts: {}, publishedUrl: null, publishedOn: null };
    expect(check(blank, 'draft').errors).toEqual([]);
    expect(check(blank, 'submit').errors.map((e) => [e.cell, e.message])).toEqual([
      ['texts.overview', '一、总体情况：请填写'],
      ['publishedUrl', '年度报告公开网址：请填写本单位网站上公开年度报告的网页地址'],
      ['publishedOn', '年度报告公开日期：请填写'],
    ]);
    const wrong = { ...sampleAnnualData(), publishedUrl: 'www.example.gov.cn', publishedOn: '2018-12-30' };
    expect(check(wrong, 'draft').errors.map((e) => e.cell)).toEqual(['publishedUrl', 'publishedOn']);
    expect(check(wrong, 'draft').errors[1].message).toBe('年度报告公开日期：2018年度报告应在2019年1月1日或之后公开，填写的是2018年12月30日');
    expect(check({ ...sampleAnnualData(), publishedOn: '2019-01-26' }, 'draft').errors[0].message).toContain('不能晚于今天（2019年1月25日）');
  });

  it('refuses cells and texts the format does not have', () => {
    const d = sampleAnnualData();
    const { errors } = check({ ...d, cells: { ...d.cells, 'applications.new.robots': 1 }, texts: { ...d.texts, poem: 'x' } }, 'draft');
    expect(errors.map((e) => e.cell)).toEqual(['applications.new.robots', 'texts.poem']);
  });

  it('warns (does not refuse) when 上年结转 differs from last year’s 结转下年度, showing both numbers', () => {
    const last = withCells({ [A('carriedOut', 'natural')]: 5, [A('carriedOut', 'total')]: 5 });
    const { errors, warnings } = check(sampleAnnualData(), 'submit', { year: 2017, data: last });
    expect(errors).toEqual([]);
    expect(warnings).toEqual([
      {
        cell: A('carriedIn', 'natural'),
        table: '三',
        row: '二、上年结转政府信息公开申请数量',
        column: '自然人',
        message: '表三“二、上年结转政府信息公开申请数量”行“自然人”列为 2，2017年度报告“四、结转下年度继续办理”为 5，两者应一致',
      },
      expect.objectContaining({ cell: A('carriedIn', 'total'), message: expect.stringContaining('为 2，2017年度报告“四、结转下年度继续办理”为 5') }),
    ]);
    const matching = withCells({ [A('carriedOut', 'natural')]: 2, [A('carriedOut', 'total')]: 2 });
    expect(check(sampleAnnualData(), 'submit', { year: 2017, data: matching }).warnings).toEqual([]);
  });
});

describe('totals and sums', () => {
  it('recomputes every total cell from its parts, whatever was given', () => {
    const d = sampleAnnualData();
    const broken = { ...d.cells };
    for (const k of totalCells(format)) broken[k] = 999;
    expect(recomputeTotals(format, broken)).toEqual(d.cells);
  });

  it('with some parts blank: keeps the given total, or (an upload) sums the filled parts, blanks as 0', () => {
    const cells = { [A('new', 'natural')]: 10, [A('new', 'business')]: 3, [A('new', 'total')]: 99 };
    expect(recomputeTotals(format, cells)[A('new', 'total')]).toBe(99);
    const upload = recomputeTotals(format, { [A('new', 'natural')]: 10, [A('new', 'business')]: 3 }, { partsFilled: 'any' });
    expect(upload[A('new', 'total')]).toBe(13);
    expect(upload[A('carriedIn', 'total')]).toBeUndefined();
  });

  it('sums reports cell by cell, fees exactly to the cent', () => {
    expect(exactSum([0.1, 0.2])).toBe(0.3);
    const a = sampleAnnualData().cells;
    const b = withCells({ 'art20_8.fees.amount': 0.2 }).cells;
    const s = sumAnnualCells(format, [a, b]);
    expect(s['art20_8.fees.amount']).toBe(12.7);
    expect(s[A('new', 'total')]).toBe(26);
  });
});
