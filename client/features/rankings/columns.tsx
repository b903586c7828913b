import { Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import { formatCents } from '../../../shared/format';
import { ChangeText, contributionText, GradeTag, signedCents } from './format';
import { unitHref, type ViewParams } from './params';
import type { CityRow, GroupDef } from './types';

type View = Pick<ViewParams, 'year' | 'period' | 'version'>;

/** The columns cities and counties share: groups, adjustment, S, contribution, grade, changes. */
export function scoreColumns<R extends CityRow>(opts: {
  groups: GroupDef[];
  weight: number;
  view: View;
  progress: boolean;
  /** Counties: the city, shown under the name. */
  cityOf?: (r: R) => string;
  /** Whether the viewer may open the unit's page (bureaus: their own unit, a city also its counties). */
  mayOpen: (r: R) => boolean;
}): ColumnsType<R> {
  const { groups, weight } = opts;
  return [
    {
      title: '单位',
      dataIndex: 'name',
      fixed: 'left',
      width: 104,
      render: (name: string, r) => (
        <span>
          {opts.mayOpen(r) ? <Link to={unitHref(r.code, opts.view)}>{name}</Link> : name}
          {opts.cityOf && (
            <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
              {opts.cityOf(r)}
            </Typography.Text>
          )}
          {!r.hasReport && (
            <Tooltip title={opts.progress ? '截至该期次没有计入的报告' : '没有已采纳的年度报告，本单位自报指标均计 0 分'}>
              <Tag color="warning" style={{ marginInlineStart: 4, marginInlineEnd: 0, fontSize: 11, paddingInline: 3 }} tabIndex={0}>
                无报告
              </Tag>
            </Tooltip>
          )}
        </span>
      ),
    },
    ...groups.map((g) => ({
      title: g.name,
      key: `g-${g.code}`,
      align: 'right' as const,
      width: 72,
      render: (_: unknown, r: R) => (r.groups[g.code] === undefined ? <Typography.Text type="secondary">—</Typography.Text> : formatCents(r.groups[g.code])),
    })),
    {
      title: '调整',
      dataIndex: 'adjustmentTotal',
      align: 'right',
      width: 56,
      render: (v: number) => (v ? signedCents(v) : <Typography.Text type="secondary">—</Typography.Text>),
    },
    {
      title: '得分 S',
      dataIndex: 'S',
      align: 'right',
      width: 68,
      sorter: (a, b) => a.S - b.S,
      render: (v: number, r) => (
        <strong data-testid={`ranking-row-${r.code}`}>{formatCents(v)}</strong>
      ),
    },
    {
      // A plain title: antd copies header content into an aria-hidden measuring row, where a focusable
      // tooltip anchor would be a focus trap for screen readers. The formula is in each cell's tooltip.
      title: '计入年度考核',
      dataIndex: 'contribution',
      align: 'right',
      width: 76,
      render: (v: number, r) => (
        <Tooltip title={contributionText(r.S, weight, v)}>
          <span tabIndex={0}>{formatCents(v)}</span>
        </Tooltip>
      ),
    },
    // Grades belong to the annual assessment: a quarter's progress ranking has none.
    ...(opts.progress ? [] : [{ title: '等级', dataIndex: 'grade', align: 'center' as const, width: 64, render: (g: string | null) => <GradeTag grade={g} /> }]),
    {
      title: '较上期',
      dataIndex: 'changeVsPreviousPeriod',
      align: 'right',
      width: 72,
      render: (v: number | null) => <ChangeText cents={v} what="较上期" />,
    },
    {
      title: '较上年',
      dataIndex: 'changeVsPreviousYear',
      align: 'right',
      width: 72,
      render: (v: number | null) => <ChangeText cents={v} what="较上年" />,
    },
  ];
}

/** The table's scroll width: the columns' widths summed, so it fills a wide card and scrolls (unit column fixed) in a narrow one. */
export function tableWidth(columns: ReadonlyArray<{ width?: number | string }>): number {
  return columns.reduce((sum, c) => sum + (typeof c.width === 'number' ? c.width : 80), 0);
}
