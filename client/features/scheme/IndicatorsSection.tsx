import { Button, Card, InputNumber, Popconfirm, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, EyeOutlined, PlusOutlined } from '@ant-design/icons';
import type { Indicator, ReportingLevel, Scheme, SchemeProblem } from '../../../shared/scheme';
import { describeIndicator, RULE_NAMES } from '../../../shared/rule-description';
import { EVIDENCE_NAMES, LEVEL_NAMES, MODE_NAMES, levelTotal, problemsAt, problemsExactly } from './model';

type Row =
  | { kind: 'group'; key: string; code: string; name: string; city: number; county: number; division: number; count: number }
  | { kind: 'indicator'; key: string; idx: number; ind: Indicator };

/** "设区市 合计 100 / 100 分", red when the level's points do not add up to 100. */
export function LevelTotals({ scheme }: { scheme: Scheme }) {
  return (
    <Space size="small" wrap>
      {(['city', 'county'] as const).map((level) => {
        const total = levelTotal(scheme.indicators, level);
        const ok = total === 100;
        return (
          <Tag key={level} color={ok ? 'green' : 'red'} style={{ fontSize: 13, padding: '2px 8px' }} aria-label={`${LEVEL_NAMES[level]}分值合计`}>
            {LEVEL_NAMES[level]} 合计 <strong>{total}</strong> / 100 分{ok ? '' : `（${total > 100 ? '多' : '少'} ${Math.abs(Math.round((total - 100) * 100) / 100)} 分）`}
          </Tag>
        );
      })}
    </Space>
  );
}

export function IndicatorsSection(props: {
  scheme: Scheme;
  problems: SchemeProblem[];
  reportsByIndicator: Record<string, number>;
  readOnly: boolean;
  onChange: (indicators: Indicator[]) => void;
  onEdit: (idx: number) => void;
  onAdd: (group: string) => void;
}) {
  const { scheme, problems, readOnly } = props;
  const setPoints = (idx: number, level: ReportingLevel, v: number | null) =>
    props.onChange(
      scheme.indicators.map((ind, i) => {
        if (i !== idx) return ind;
        const points = { ...ind.points };
        if (v === null) delete points[level];
        else points[level] = v;
        return { ...ind, points };
      }),
    );

  const rows: Row[] = [];
  const groupCodes = scheme.groups.map((g) => g.code);
  const groups = [...scheme.groups, ...[...new Set(scheme.indicators.map((i) => i.group))].filter((g) => !groupCodes.includes(g)).map((code) => ({ code, name: '（分组不存在）' }))];
  for (const g of groups) {
    const members = scheme.indicators.map((ind, idx) => ({ ind, idx })).filter((x) => x.ind.group === g.code);
    rows.push({
      kind: 'group',
      key: `g:${g.code}`,
      code: g.code,
      name: g.name,
      city: levelTotal(members.map((m) => m.ind), 'city'),
      county: levelTotal(members.map((m) => m.ind), 'county'),
      division: levelTotal(members.map((m) => m.ind), 'division'),
      count: members.length,
    });
    for (const m of members) rows.push({ kind: 'indicator', key: `i:${m.idx}`, idx: m.idx, ind: m.ind });
  }

  const pointsColumn = (level: ReportingLevel) => ({
    title: LEVEL_NAMES[level],
    key: level,
    width: 92,
    align: 'right' as const,
    render: (_: unknown, r: Row) =>
      r.kind === 'group' ? (
        <strong>{r[level]} 分</strong>
      ) : (
        <InputNumber<number>
          size="small"
          value={r.ind.points[level] ?? null}
          min={0}
          max={100}
          step={1}
          placeholder="不适用"
          disabled={readOnly}
          status={problemsAt(problems, `indicators.${r.idx}.points`).length ? 'error' : undefined}
          onChange={(v) => setPoints(r.idx, level, v)}
          aria-label={`${r.ind.code} ${LEVEL_NAMES[level]}分值`}
          style={{ width: 80 }}
        />
      ),
  });

  const groupSpan = (r: Row, span: number) => (r.kind === 'group' ? { colSpan: span } : {});
  const hidden = (r: Row) => (r.kind === 'group' ? { colSpan: 0 } : {});

  return (
    <Card
      title="考核指标"
      size="small"
      extra={
        <Space wrap>
          <LevelTotals scheme={scheme} />
          {!readOnly && (
            <Button size="small" type="primary" ghost icon={<PlusOutlined />} onClick={() => props.onAdd(scheme.groups[0]?.code ?? '')}>
              新增指标
            </Button>
          )}
        </Space>
      }
    >
      <Table<Row>
        size="small"
        pagination={false}
        rowKey="key"
        dataSource={rows}
        scroll={{ x: 1040 }}
        onRow={(r) =>
          r.kind === 'group'
            ? { style: { background: '#fafafa' } }
            : problemsAt(problems, `indicators.${r.idx}`).length
              ? { style: { background: '#fff1f0' } }
              : {}
        }
        columns={[
          {
            title: '代码',
            key: 'code',
            width: 84,
            onCell: (r) => groupSpan(r, 5),
            render: (_, r) =>
              r.kind === 'group' ? (
                <Space>
                  <strong>{r.name}</strong>
                  <Typography.Text type="secondary">
                    {r.code} · {r.count} 项
                  </Typography.Text>
                  {!readOnly && (
                    <Button size="small" type="link" icon={<PlusOutlined />} onClick={() => props.onAdd(r.code)} aria-label={`在${r.name}中新增指标`}>
                      新增
                    </Button>
                  )}
                </Space>
              ) : (
                <Typography.Text strong={false} type={problemsAt(problems, `indicators.${r.idx}`).length ? 'danger' : undefined}>
                  {r.ind.code}
                </Typography.Text>
              ),
          },
          {
            title: '指标名称',
            key: 'name',
            ellipsis: { showTitle: false },
            onCell: hidden,
            render: (_, r) =>
              r.kind === 'indicator' &&
              (r.ind.name ? (
                <Tooltip title={r.ind.name} placement="topLeft">
                  {r.ind.name}
                </Tooltip>
              ) : (
                <Typography.Text type="danger">（未命名）</Typography.Text>
              )),
          },
          { title: '条款', key: 'clause', width: 64, ellipsis: true, onCell: hidden, render: (_, r) => r.kind === 'indicator' && r.ind.clause },
          { title: '牵头处室', key: 'owner', width: 104, ellipsis: true, onCell: hidden, render: (_, r) => r.kind === 'indicator' && r.ind.owner },
          {
            title: '规则',
            key: 'rule',
            width: 112,
            onCell: hidden,
            render: (_, r) =>
              r.kind === 'indicator' && (
                <Space size={2}>
                  <Tag>{RULE_NAMES[r.ind.rule]}</Tag>
                  {r.ind.cityRule && (
                    <Tooltip title={`设区市按所辖县(市、区)的 ${r.ind.cityRule.of} ${MODE_NAMES[r.ind.cityRule.mode]}`}>
                      <Tag color="blue">市汇总</Tag>
                    </Tooltip>
                  )}
                </Space>
              ),
          },
          pointsColumn('city'),
          pointsColumn('county'),
          pointsColumn('division'),
          {
            title: '要求',
            key: 'summary',
            width: 176,
            ellipsis: { showTitle: false },
            render: (_, r) =>
              r.kind === 'indicator' && (
                <Tooltip title={describeIndicator(r.ind, scheme.indicators)} placement="topLeft">
                  <Typography.Text type="secondary">{describeIndicator(r.ind, scheme.indicators)}</Typography.Text>
                </Tooltip>
              ),
          },
          {
            title: '佐证',
            key: 'evidence',
            width: 60,
            render: (_, r) =>
              r.kind === 'indicator' && (
                <Tooltip title={r.ind.evidence ? `佐证材料${EVIDENCE_NAMES[r.ind.evidence]}` : '不要求佐证材料'}>
                  {r.ind.evidence === 'required' ? '必须' : r.ind.evidence === 'optional' ? '可选' : <Typography.Text type="secondary">—</Typography.Text>}
                </Tooltip>
              ),
          },
          {
            title: '操作',
            key: 'actions',
            width: readOnly ? 64 : 92,
            fixed: 'right',
            render: (_, r) => {
              if (r.kind === 'group') return null;
              const used = props.reportsByIndicator[r.ind.code] ?? 0;
              return (
                <Space size={0}>
                  <Button type="link" size="small" icon={readOnly ? <EyeOutlined /> : <EditOutlined />} onClick={() => props.onEdit(r.idx)} aria-label={`${readOnly ? '查看' : '编辑'}指标 ${r.ind.code}`}>
                    {readOnly ? '查看' : '编辑'}
                  </Button>
                  {!readOnly &&
                    (used > 0 ? (
                      <Tooltip title={`已有 ${used} 份报告填报了该指标，不能删除`}>
                        <Button type="text" size="small" icon={<DeleteOutlined />} disabled aria-label={`删除指标 ${r.ind.code}`} />
                      </Tooltip>
                    ) : (
                      <Popconfirm
                        title={`删除指标 ${r.ind.code}？`}
                        description="删除后须调整其他指标的分值，使合计仍为 100 分"
                        okText="删除"
                        cancelText="取消"
                        onConfirm={() => props.onChange(scheme.indicators.filter((_i, i) => i !== r.idx))}
                      >
                        <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={`删除指标 ${r.ind.code}`} />
                      </Popconfirm>
                    ))}
                </Space>
              );
            },
          },
        ]}
      />
      {problemsExactly(problems, 'points.city', 'points.county', 'indicators', 'groups').length > 0 && (
        <Typography.Paragraph type="danger" style={{ margin: '8px 0 0' }}>
          {problemsExactly(problems, 'points.city', 'points.county', 'indicators', 'groups')
            .map((p) => p.message)
            .join('；')}
        </Typography.Paragraph>
      )}
      <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
        分值留空表示该指标不适用于该层级；每个层级各指标分值合计须为 100 分。点“编辑”可修改规则、截止日期、目标值、佐证要求等。
      </Typography.Paragraph>
    </Card>
  );
}
