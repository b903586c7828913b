import { cellKey } from './format';
import type { AnnualReportData } from './check';

/**
 * A hand-worked, consistent report in the 2021 national format (used by tests and API examples).
 * Table 三, column 自然人: 新收 10 + 结转 2 = 12 = （七）9 + 结转下年度 3;
 * column 商业企业: 3 + 0 = 3 = 3 + 0; 总计: 13 + 2 = 15 = 12 + 3.
 */
export function sampleAnnualData(): AnnualReportData {
  const cells: Record<string, number> = {};
  const set = (block: string, row: string, col: string, v: number) => (cells[cellKey(block, row, col)] = v);
  const rows = [
    'new', 'carriedIn', 'granted', 'partial',
    'denySecret', 'denyLaw', 'denySafety', 'denyThirdParty', 'denyInternal', 'denyProcess', 'denyEnforcement', 'denyInquiry',
    'unableNotHeld', 'unableCompile', 'unableUnclear',
    'ignorePetition', 'ignoreRepeat', 'ignorePublication', 'ignoreMassive', 'ignoreConfirm',
    'otherNoCorrection', 'otherNoFee', 'otherOther', 'resultTotal', 'carriedOut',
  ];
  for (const r of rows) for (const c of ['natural', 'business', 'research', 'publicWelfare', 'legal', 'otherOrg', 'total']) set('applications', r, c, 0);
  const natural: Record<string, number> = { new: 10, carriedIn: 2, granted: 5, partial: 1, unableNotHeld: 2, ignoreRepeat: 1, resultTotal: 9, carriedOut: 3 };
  const business: Record<string, number> = { new: 3, granted: 2, otherOther: 1, resultTotal: 3 };
  for (const [r, v] of Object.entries(natural)) set('applications', r, 'natural', v);
  for (const [r, v] of Object.entries(business)) set('applications', r, 'business', v);
  for (const r of rows) set('applications', r, 'total', (natural[r] ?? 0) + (business[r] ?? 0));
  set('art20_1', 'rules', 'issued', 0);
  set('art20_1', 'rules', 'repealed', 0);
  set('art20_1', 'rules', 'inForce', 0);
  set('art20_1', 'normative', 'issued', 4);
  set('art20_1', 'normative', 'repealed', 1);
  set('art20_1', 'normative', 'inForce', 27);
  set('art20_5', 'licensing', 'decisions', 1520);
  set('art20_6', 'penalty', 'decisions', 86);
  set('art20_6', 'coercion', 'decisions', 3);
  set('art20_8', 'fees', 'amount', 12.5);
  const lit = { reconsideration: [1, 1, 0, 1], direct: [1, 0, 0, 0], afterReconsideration: [0, 0, 0, 0] };
  for (const [g, [u, c, o, p]] of Object.entries(lit)) {
    set('litigation', 'count', `${g}Upheld`, u);
    set('litigation', 'count', `${g}Corrected`, c);
    set('litigation', 'count', `${g}Other`, o);
    set('litigation', 'count', `${g}Pending`, p);
    set('litigation', 'count', `${g}Total`, u + c + o + p);
  }
  return {
    cells,
    texts: { overview: '本机关认真贯彻落实《中华人民共和国政府信息公开条例》，全年主动公开政府信息 1,200 余条。', problems: '', otherMatters: '' },
    publishedUrl: 'https://www.example.gov.cn/art/2019/1/20/ndbg.html',
    publishedOn: '2019-01-20',
  };
}
