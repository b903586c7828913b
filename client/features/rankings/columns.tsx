import { Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import { formatCents } from '../../../shared/format';
import { ChangeText, contributionText, GradeTag, signedCents, weightPercent } from './format';
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
      width: opts.cityOf ? 150 : 112,
      render: (name: string, r) => (
        <span>
          {opts.mayOpen(r) ? <Link to={unitHref(r.code, opts.view)}>{name}</Link> : name}
          {opts.cityOf && (
            <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 4 }}>
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
      width: 112,
      render: (_: unknown, r: R) => (r.groups[g.code] === undefined ? <Typography.Text type="secondary">—</Typography.Text> : formatCents(r.groups[g.code])),
    })),
    {
      title: '调整',
      dataIndex: 'adjustmentTotal',
      align: 'right',
      width: 60,
      render: (v: number) => (v ? signedCents(v) : <Typography.Text type="secondary">—</Typography.Text>),
    },
    {
      title: '得分 S',
      dataIndex: 'S',
      align: 'right',
      width: 76,
      sorter: (a, b) => a.S - b.S,
      render: (v: number, r) => (
        <strong data-testid={`ranking-row-${r.code}`}>{formatCents(v)}</strong>
      ),
    },
    {
      title: (
        <Tooltip title={`得分 S × 政务公开权重 ${weightPercent(weight)}，计入该单位年度综合考核`}>
          <span tabIndex={0}>计入年度考核</span>
        </Tooltip>
      ),
      dataIndex: 'contribution',
      align: 'right',
      width: 120,
      render: (v: number, r) => (
        <Tooltip title={contributionText(r.S, weight, v)}>
          <span tabIndex={0}>{formatCents(v)}</span>
        </Tooltip>
      ),
    },
    { title: '等级', dataIndex: 'grade', align: 'center', width: 64, render: (g: string | null) => <GradeTag grade={g} /> },
    {
      title: '较上期',
      dataIndex: 'changeVsPreviousPeriod',
      align: 'right',
      width: 80,
      render: (v: number | null) => <ChangeText cents={v} what="较上期" />,
    },
    {
      title: '较上年',
      dataIndex: 'changeVsPreviousYear',
      align: 'right',
      width: 80,
      render: (v: number | null) => <ChangeText cents={v} what="较上年" />,
    },
  ];
}
