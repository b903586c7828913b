/**
 * The assessment workbook of a year: 考核排名, 分项得分, 填报数据, 填报进度.
 *
 * Which numbers: the office gets the live draft (labelled 草稿) unless it asks for a published
 * version, exactly like `scores.ranking`; leaders and bureaus get the latest published version (or
 * the one asked for), and nothing when none is published. Bureaus see only their own unit's rows
 * (a city: itself and its counties).
 */
import type { Writable } from 'node:stream';
import type { Queryable } from '../../db/client';
import { readScheme } from '../../db/repo/schemes';
import { REPORT_STATUS_NAMES } from '../../shared/reports';
import { exactRate, type IndicatorResult } from '../../shared/scoring';
import { formatPercent } from '../../shared/format';
import { RULE_NAMES } from '../../shared/rule-description';
import type { SessionUser } from '../auth/sessions';
import { assertReadsUnitData, readableUnitCodes, seesDraftScores } from '../access';
import { NotFound } from '../errors';
import { readPublication, redactRun, type Publication } from '../services/publication';
import type { RankingRow, ScoreRun } from '../services/scores';
import { storedScores } from '../services/derived/stored-scores';
import { statusGrid } from '../services/status-grid';
import { isBureau, type UnitDirectory } from '../services/unit-directory';
import { newWorkbookWriter, writeSheet, type CellInput, type SheetColumn } from './export-workbook';
import { chinaDateOf, formatDateTimeZh, formatDateZh } from '../../shared/dates';

export const ASSESSMENT_SHEETS = ['考核排名', '分项得分', '填报数据', '填报进度'] as const;

export interface AssessmentData {
  year: number;
  status: 'draft' | 'published';
  publication: Publication | null;
  run: ScoreRun;
  /** Unit codes whose rows the account may see. */
  scope: 'all' | Set<string>;
  indicatorOrder: { code: string; name: string }[];
  grid: ReturnType<typeof statusGrid>;
  now: Date;
}

/** Loads what the account may export for a year; throws NotFound when there is nothing. */
export function loadAssessment(db: Queryable, units: UnitDirectory, user: SessionUser, year: number, version: number | undefined, now: Date): AssessmentData {
  let run: ScoreRun;
  let publication: Publication | null = null;
  let status: AssessmentData['status'];
  assertReadsUnitData(user);
  if (seesDraftScores(user) && !version) {
    run = storedScores(db, units, { year }, { details: 'all' });
    status = 'draft';
  } else {
    const pub = readPublication(db, year, version);
    if (!pub) throw new NotFound(version ? `${year} 年度考核结果第 ${version} 版不存在` : `${year} 年度考核结果尚未发布`);
    run = redactRun(pub.run, user);
    publication = pub.publication;
    status = 'published';
  }
  const scope = readableUnitCodes(user, (c) => units.childrenOf(c));
  if (scope !== 'all') {
    run = {
      ...run,
      cities: run.cities.filter((c) => scope.has(c.code)),
      counties: run.counties.filter((c) => scope.has(c.code)),
      units: Object.fromEntries(Object.entries(run.units).filter(([code]) => scope.has(code))),
    };
  }
  const stored = readScheme(db, year);
  const order: { code: string; name: string }[] = (stored?.scheme.indicators ?? []).map((i) => ({ code: i.code, name: i.name }));
  const known = new Set(order.map((o) => o.code));
  for (const u of Object.values(run.units)) {
    for (const i of u.indicators) {
      if (!known.has(i.code)) {
        known.add(i.code);
        order.push({ code: i.code, name: i.name });
      }
    }
  }
  const gridUnits = units
    .all()
    .filter(isBureau)
    .filter((u) => scope === 'all' || scope.has(u.code));
  const grid = statusGrid(db, gridUnits, year, now);
  return { year, status, publication, run, scope, indicatorOrder: order, grid, now };
}

export function assessmentTitle(year: number): string {
  return `${year}年度全省住房城乡建设系统政务公开工作考核结果`;
}

export function assessmentFileName(d: Pick<AssessmentData, 'year' | 'status' | 'publication'>): string {
  if (d.status === 'draft') return `${d.year}年度政务公开工作考核结果（草稿）.xlsx`;
  return `${d.year}年度政务公开工作考核结果.xlsx`;
}

const c2 = (cents: number | null | undefined): number | null => (cents === null || cents === undefined ? null : cents / 100);

function versionLine(d: AssessmentData): string {
  const w = `政务公开权重 ${(d.run.disclosureWeight * 100).toFixed(1)}%`;
  const asOf = `考核截止 ${formatDateZh(d.run.asOf)}`;
  if (d.status === 'draft' || !d.publication) return `草稿（尚未发布，按 ${formatDateTimeZh(d.now.toISOString())} 的数据实时计算）\u3000${asOf}\u3000${w}`;
  const p = d.publication;
  return `发布版本：第 ${p.version} 版\u3000发布日期：${formatDateZh(chinaDateOf(p.publishedAt))}${p.reason ? `\u3000重新发布理由：${p.reason}` : ''}\u3000${asOf}\u3000${w}`;
}


const STATUS_FILL: Record<string, string> = { 'on-time': 'FFC6EFCE', late: 'FFFFEB9C', missing: 'FFFFC7CE', pending: 'FFEDEDED' };

/** Writes the four sheets to `out` with the streaming writer. */
export async function writeAssessmentWorkbook(out: Writable, d: AssessmentData): Promise<void> {
  const target = newWorkbookWriter(out);
  const title = assessmentTitle(d.year) + (d.status === 'draft' ? '（草稿）' : '');
  const sub = versionLine(d);
  const { run } = d;
  const hasPrevYear = [...run.cities, ...run.counties].some((r) => r.changeVsPreviousYear !== null);

  // 考核排名 ---------------------------------------------------------------------------------------
  const rankCols: SheetColumn[] = [
    { key: 'rank', title: '排名', format: 'integer', width: 6 },
    { key: 'name', title: '单位', width: 14 },
    { key: 'code', title: '单位代码', width: 8 },
    { key: 'city', title: '所属设区市', width: 12 },
    { key: 'cityRank', title: '市内排名', format: 'integer', width: 8 },
    // Narrow enough for one A4 landscape page (headers wrap).
    ...run.groups.map((g) => ({ key: `g:${g.code}`, title: g.name, format: '0.00' as const, width: 10 })),
    { key: 'adj', title: '加减分', format: 'signed', width: 8 },
    { key: 'S', title: '政务公开得分 S', format: '0.00', width: 10 },
    { key: 'contribution', title: `计入年度考核分值\n（S × ${(run.disclosureWeight * 100).toFixed(1)}%）`, format: '0.00', width: 12 },
    { key: 'grade', title: '等级', width: 8 },
    { key: 'change', title: '较上期变化', format: 'signed', width: 10 },
    ...(hasPrevYear ? [{ key: 'changeYear', title: '较上年变化', format: 'signed' as const, width: 10 }] : []),
  ];
  const rankRow = (r: RankingRow, extra: { city?: string; cityRank?: number }): Record<string, CellInput> => ({
    rank: r.rank,
    name: r.name,
    code: r.code,
    city: extra.city ?? '',
    cityRank: extra.cityRank ?? null,
    ...Object.fromEntries(run.groups.map((g) => [`g:${g.code}`, c2(r.groups[g.code])])),
    adj: r.adjustmentTotal ? c2(r.adjustmentTotal) : null,
    S: c2(r.S),
    contribution: c2(r.contribution),
    grade: r.grade ?? '',
    change: c2(r.changeVsPreviousPeriod),
    changeYear: c2(r.changeVsPreviousYear),
  });
  const rankRows: Record<string, CellInput>[] = [];
  const both = run.cities.length > 0 && run.counties.length > 0;
  if (both) rankRows.push({ __section: `一、设区市（${run.cities.length} 个，计入年度考核）` });
  for (const r of run.cities) rankRows.push(rankRow(r, {}));
  if (both) rankRows.push({ __section: `二、县(市、区)（${run.counties.length} 个，全省排名，供参考）` });
  for (const r of run.counties) rankRows.push(rankRow(r, { city: r.cityName, cityRank: r.cityRank }));
  await writeSheet(target, {
    name: ASSESSMENT_SHEETS[0],
    title,
    subtitle: sub,
    columns: rankCols,
    rows: rankRows,
    freezeColumns: 2,
    sectionLabel: (row) => (typeof row.__section === 'string' ? row.__section : undefined),
  });

  // 分项得分 ---------------------------------------------------------------------------------------
  const unitRows = [...run.cities.map((r) => ({ code: r.code, level: '设区市' })), ...run.counties.map((r) => ({ code: r.code, level: '县(市、区)' }))];
  const scoreCols: SheetColumn[] = [
    { key: 'name', title: '单位', width: 14 },
    { key: 'code', title: '单位代码', width: 10 },
    { key: 'level', title: '层级', width: 10 },
    ...d.indicatorOrder.map((i) => ({ key: `i:${i.code}`, title: `${i.code}\n${i.name}`, format: '0.00' as const, width: 12 })),
    { key: 'adj', title: '加减分', format: 'signed', width: 8 },
    { key: 'S', title: '得分 S', format: '0.00', width: 9 },
  ];
  await writeSheet(target, {
    name: ASSESSMENT_SHEETS[1],
    title: `${title}——分项得分`,
    subtitle: `${sub}\u3000空白表示该指标不适用于该层级`,
    columns: scoreCols,
    rows: unitRows.map((u) => {
      const s = run.units[u.code];
      const row: Record<string, CellInput> = { name: s?.unit.name ?? u.code, code: u.code, level: u.level, adj: s?.adjustmentTotal ? c2(s.adjustmentTotal) : null, S: c2(s?.S) };
      for (const i of s?.indicators ?? []) row[`i:${i.code}`] = c2(i.score);
      return row;
    }),
    freezeColumns: 2,
  });

  // 填报数据 ---------------------------------------------------------------------------------------
  const valueCols: SheetColumn[] = [
    { key: 'unit', title: '单位', width: 14 },
    { key: 'code', title: '单位代码', width: 10 },
    { key: 'ind', title: '指标代码', width: 9 },
    { key: 'indName', title: '指标名称', width: 36, wrap: true },
    { key: 'rule', title: '计分方式', width: 9 },
    { key: 'date', title: '完成日期', format: 'date', width: 12 },
    { key: 'num', title: '分子', format: 'number', width: 9 },
    { key: 'den', title: '分母', format: 'number', width: 9 },
    { key: 'rate', title: '完成率', format: '0.0%', width: 9 },
    { key: 'count', title: '数量', format: 'number', width: 8 },
    { key: 'yes', title: '是否完成', width: 8 },
    { key: 'score', title: '得分', format: '0.00', width: 8 },
    { key: 'points', title: '分值', format: '0.00', width: 8 },
    { key: 'evidence', title: '证明材料（公开网页链接）', width: 48, wrap: true },
  ];
  function* valueRows(): Generator<Record<string, CellInput>> {
    for (const u of unitRows) {
      const s = run.units[u.code];
      if (!s) continue;
      for (const i of s.indicators) yield valueRow(s.unit.name, u.code, i);
    }
  }
  await writeSheet(target, {
    name: ASSESSMENT_SHEETS[2],
    title: `${title}——填报数据`,
    subtitle: `${sub}\u3000设区市的汇总指标为所辖县(市、区)的合计`,
    columns: valueCols,
    rows: valueRows(),
    freezeColumns: 3,
  });

  // 填报进度 ---------------------------------------------------------------------------------------
  const g = d.grid;
  const gridCols: SheetColumn[] = [
    { key: 'name', title: '单位', width: 14 },
    { key: 'code', title: '单位代码', width: 10 },
    { key: 'level', title: '层级', width: 10 },
    ...g.periods.map((p) => ({ key: `p:${p.code}`, title: `${p.name}\n（截止 ${formatDateZh(p.due)}）`, width: 22 })),
  ];
  const cellText = (c: (typeof g.rows)[number]['cells'][number]): string => {
    if (!c.exists) return '—';
    const status = c.reportStatus ? REPORT_STATUS_NAMES[c.reportStatus] : '';
    switch (c.timeliness) {
      case 'on-time':
        return `按时报送${status ? `｜${status}` : ''}`;
      case 'late':
        return `逾期 ${c.daysLate} 天${status ? `｜${status}` : ''}`;
      case 'missing':
        return `未报送（已逾期 ${c.daysLate} 天）`;
      case 'pending':
        return status ? `待报送｜${status}` : '待报送';
      default:
        return status;
    }
  };
  const statusOf = new Map<string, string | null>();
  const gridRows: Record<string, CellInput>[] = g.rows.map((r) => {
    const row: Record<string, CellInput> = { name: r.unitName, code: r.unitCode, level: r.level === 'city' ? '设区市' : '县(市、区)' };
    r.cells.forEach((c) => {
      row[`p:${c.periodCode}`] = cellText(c);
      statusOf.set(`${r.unitCode}|${c.periodCode}`, c.exists ? c.timeliness : null);
    });
    return row;
  });
  const summaryLines: [string, (s: (typeof g.summary)[number]) => CellInput][] = [
    ['应报送', (s) => `${s.expected} 个`],
    ['按时报送', (s) => `${s.onTime} 个`],
    ['逾期报送', (s) => `${s.late} 个`],
    ['未报送', (s) => `${s.missing} 个`],
    ['按时报送率', (s) => (s.expected ? formatPercent(s.onTime / s.expected, 1) : '—')],
  ];
  for (const [label, f] of summaryLines) {
    const row: Record<string, CellInput> = { name: label, code: '', level: '合计', __total: true };
    g.summary.forEach((s) => (row[`p:${s.periodCode}`] = f(s)));
    gridRows.push(row);
  }
  await writeSheet(target, {
    name: ASSESSMENT_SHEETS[3],
    title: `${d.year}年度政务公开工作报送进度`,
    subtitle: `截至 ${formatDateTimeZh(d.now.toISOString())}\u3000绿色：按时报送；黄色：逾期报送；红色：未报送；灰色：未到截止日期`,
    columns: gridCols,
    rows: gridRows,
    freezeColumns: 2,
    bold: (row) => row.__total === true,
    fill: (row, key) => {
      if (!key.startsWith('p:') || row.__total === true) return undefined;
      const st = statusOf.get(`${String(row.code)}|${key.slice(2)}`);
      return st ? STATUS_FILL[st] : undefined;
    },
  });
  await target.wb.commit();
}

function valueRow(unitName: string, unitCode: string, i: IndicatorResult): Record<string, CellInput> {
  const v = i.values;
  const num = v.numerator ?? (v.met !== undefined ? v.met : null);
  const den = v.denominator ?? (v.total !== undefined ? v.total : null);
  const urls = i.evidence.filter((e) => e.type === 'url');
  const files = i.evidence.filter((e) => e.type === 'file');
  let evidence: CellInput = null;
  if (urls.length) {
    const more = urls.length > 1 || files.length ? `（另有 ${urls.length - 1 + files.length} 项）` : '';
    evidence = { text: `${urls[0].ref}${more}`, hyperlink: urls[0].ref };
  } else if (files.length) {
    evidence = `已上传证明文件 ${files.length} 个`;
  }
  return {
    unit: unitName,
    code: unitCode,
    ind: i.code,
    indName: i.name,
    rule: RULE_NAMES[i.rule],
    date: v.date ?? null,
    num: num ?? null,
    den: den ?? null,
    rate: typeof num === 'number' && typeof den === 'number' && den > 0 ? exactRate(num, den) : null,
    count: v.count ?? null,
    yes: v.yes === true ? '是' : v.yes === false ? '否' : null,
    score: c2(i.score),
    points: c2(i.points),
    evidence,
  };
}

