import { Button, Card, Input, Popconfirm, Radio, Table, Tooltip, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { PeriodDef, Scheme, SchemeProblem } from '../../../shared/scheme';
import { DateField } from './DateField';
import { nextPeriod, problemsAt, problemsExactly } from './model';

type Row = PeriodDef & { idx: number; reports: number };

/** Quarterly periods and the annual one: opening, due and lock dates. */
export function PeriodsSection(props: {
  scheme: Scheme;
  reportsByPeriod: Record<string, number>;
  problems: SchemeProblem[];
  readOnly: boolean;
  onChange: (periods: PeriodDef[]) => void;
}) {
  const { scheme, problems, readOnly, reportsByPeriod } = props;
  const periods = scheme.periods;
  const set = (idx: number, patch: Partial<PeriodDef>) => props.onChange(periods.map((p, i) => (i === idx ? { ...p, ...patch } : p)));
  const add = nextPeriod(scheme);
  const listProblems = problemsExactly(problems, 'periods');
  const dateError = (idx: number, field: 'opens' | 'due' | 'locks') =>
    problemsExactly(problems, `periods.${idx}`, `periods.${idx}.${field}`).length > 0;
  return (
    <Card
      title="报送期次"
      size="small"
      extra={
        !readOnly && (
          <Tooltip title={add ? undefined : '四个季度均已设置'}>
            <Button size="small" icon={<PlusOutlined />} disabled={!add} onClick={() => add && props.onChange([...periods, add].sort((a, b) => a.code.localeCompare(b.code)))}>
              新增期次
            </Button>
          </Tooltip>
        )
      }
    >
      <Table<Row>
        size="small"
        pagination={false}
        rowKey="idx"
        dataSource={periods.map((p, idx) => ({ ...p, idx, reports: reportsByPeriod[p.code] ?? 0 }))}
        expandable={{
          showExpandColumn: false,
          expandedRowKeys: periods.map((_p, idx) => idx).filter((idx) => problemsAt(problems, `periods.${idx}`).length > 0),
          expandedRowRender: (r) => (
            <Typography.Text type="danger">
              {problemsAt(problems, `periods.${r.idx}`)
                .map((p) => p.message)
                .join('；')}
            </Typography.Text>
          ),
        }}
        columns={[
          {
            title: '期次代码',
            dataIndex: 'code',
            width: 120,
            render: (v: string, r) => (
              <Tooltip title={r.reports ? `已有 ${r.reports} 份报告，代码不能修改` : undefined}>
                <Input
                  value={v}
                  disabled={readOnly || r.reports > 0}
                  status={problemsExactly(problems, `periods.${r.idx}.code`).length ? 'error' : undefined}
                  onChange={(e) => set(r.idx, { code: e.target.value.trim().toUpperCase() })}
                  aria-label={`第 ${r.idx + 1} 个期次代码`}
                  style={{ width: 100 }}
                />
              </Tooltip>
            ),
          },
          {
            title: '名称',
            dataIndex: 'name',
            render: (v: string, r) => (
              <Input
                value={v}
                disabled={readOnly}
                status={problemsExactly(problems, `periods.${r.idx}.name`).length ? 'error' : undefined}
                onChange={(e) => set(r.idx, { name: e.target.value })}
                aria-label={`期次 ${r.code} 名称`}
                style={{ minWidth: 160 }}
              />
            ),
          },
          ...(['opens', 'due', 'locks'] as const).map((field) => ({
            title: { opens: '开始填报', due: '截止日期', locks: '锁定日期' }[field],
            dataIndex: field,
            width: 160,
            render: (v: string, r: Row) => (
              <DateField
                value={v}
                disabled={readOnly}
                error={dateError(r.idx, field)}
                onChange={(d) => d && set(r.idx, { [field]: d })}
                ariaLabel={`期次 ${r.code} ${{ opens: '开始填报日期', due: '截止日期', locks: '锁定日期' }[field]}`}
              />
            ),
          })),
          {
            title: '年度报告',
            dataIndex: 'annual',
            width: 80,
            align: 'center',
            render: (v: boolean | undefined, r) => (
              <Radio
                checked={Boolean(v)}
                disabled={readOnly}
                aria-label={`期次 ${r.code} 为年度报告`}
                onChange={() => props.onChange(periods.map((p, i) => ({ ...p, annual: i === r.idx ? true : undefined })))}
              />
            ),
          },
          {
            title: '报告',
            dataIndex: 'reports',
            width: 70,
            align: 'right',
            render: (v: number) => (v ? `${v} 份` : <Typography.Text type="secondary">无</Typography.Text>),
          },
          ...(readOnly
            ? []
            : [
                {
                  title: '',
                  width: 48,
                  render: (_: unknown, r: Row) =>
                    r.reports > 0 ? (
                      <Tooltip title={`已有 ${r.reports} 份报告，不能删除`}>
                        <Button type="text" size="small" icon={<DeleteOutlined />} disabled aria-label={`删除期次 ${r.code}`} />
                      </Tooltip>
                    ) : (
                      <Popconfirm title={`删除期次 ${r.code}？`} okText="删除" cancelText="取消" onConfirm={() => props.onChange(periods.filter((_p, i) => i !== r.idx))}>
                        <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={`删除期次 ${r.code}`} />
                      </Popconfirm>
                    ),
                },
              ]),
        ]}
      />
      <Typography.Paragraph type={listProblems.length ? 'danger' : 'secondary'} style={{ margin: '8px 0 0' }}>
        {listProblems.length
          ? listProblems.map((p) => p.message).join('；')
          : '开始填报 ≤ 截止日期 ≤ 锁定日期；截止日期默认为季度结束后第 10 天，锁定后单位不能再报送（被退回的报告除外）。须有且只有一个年度报告期次。'}
      </Typography.Paragraph>
    </Card>
  );
}
