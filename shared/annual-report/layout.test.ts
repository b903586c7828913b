import { describe, expect, it } from 'vitest';
import { annualFormat } from './format';
import { blockLayout } from './layout';

const format = annualFormat('national-2021');
const block = (key: string) => format.tables.flatMap((t) => t.blocks).find((b) => b.key === key)!;

describe('blockLayout: merged cells as in the national tables', () => {
  it('table 三: 申请人情况 over 自然人 | 法人或其他组织 (five) | 总计; row groups span their items', () => {
    const l = blockLayout(block('applications'));
    expect(l.labelDepth).toBe(3);
    expect(l.headerRows).toEqual([
      [
        { text: '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', rowSpan: 3, colSpan: 3 },
        { text: '申请人情况', rowSpan: 1, colSpan: 7 },
      ],
      [
        { text: '自然人', rowSpan: 2, colSpan: 1 },
        { text: '法人或其他组织', rowSpan: 1, colSpan: 5 },
        { text: '总计', rowSpan: 2, colSpan: 1 },
      ],
      ['商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他'].map((text) => ({ text, rowSpan: 1, colSpan: 1 })),
    ]);
    expect(l.rowLabels[0]).toEqual([{ text: '一、本年新收政府信息公开申请数量', rowSpan: 1, colSpan: 3 }]);
    expect(l.rowLabels[2]).toEqual([
      { text: '三、本年度办理结果', rowSpan: 22, colSpan: 1 },
      { text: '（一）予以公开', rowSpan: 1, colSpan: 2 },
    ]);
    expect(l.rowLabels[4]).toEqual([
      { text: '（三）不予公开', rowSpan: 8, colSpan: 1 },
      { text: '1.属于国家秘密', rowSpan: 1, colSpan: 1 },
    ]);
    expect(l.rowLabels[5]).toEqual([{ text: '2.其他法律行政法规禁止公开', rowSpan: 1, colSpan: 1 }]);
    expect(l.rowLabels[23]).toEqual([{ text: '（七）总计', rowSpan: 1, colSpan: 2 }]);
  });

  it('table 四: 行政复议 | 行政诉讼 (未经复议直接起诉, 复议后起诉), no row label column', () => {
    const l = blockLayout(block('litigation'));
    expect(l.labelDepth).toBe(0);
    expect(l.headerRows[0]).toEqual([
      { text: '行政复议', rowSpan: 1, colSpan: 5 },
      { text: '行政诉讼', rowSpan: 1, colSpan: 10 },
    ]);
    expect(l.headerRows[1].map((c) => [c.text, c.rowSpan, c.colSpan])).toEqual([
      ['结果维持', 2, 1], ['结果纠正', 2, 1], ['其他结果', 2, 1], ['尚未审结', 2, 1], ['总计', 2, 1],
      ['未经复议直接起诉', 1, 5], ['复议后起诉', 1, 5],
    ]);
    expect(l.headerRows[2]).toHaveLength(10);
  });
});
