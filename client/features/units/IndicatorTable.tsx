import { useMemo } from 'react';
import { Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { formatCents } from '../../../shared/format';
import { EvidenceLinks } from './EvidenceLinks';
import { RULE_NAMES } from '../../../shared/rule-description';
import { ruleDetail, valueLines } from './indicatorText';
import { RollupDetails } from './RollupDetails';
import { ManualScoreButton } from './ManualScoreButton';
import type { IndicatorResult, SchemeIndicator } from './types';

interface Props {
  indicators: IndicatorResult[];
  groups: { code: string; name: string }[];
  schemeIndicators: SchemeIndicator[];
  hrefOf: (code: string) => string;
  /** When set (the office's live draft), `manual` indicators get a 评分 button. */
  manualScoring?: { year: number; unitCode: string };
}

/** Every indicator with the values used, the score and the exact arithmetic behind it. */
export function IndicatorTable(props: Props) {
  const defs = useMemo(() => new Map(props.schemeIndicators.map((i) => [i.code, i])), [props.schemeIndicators]);
  const groupName = useMemo(() => new Map(props.groups.map((g) => [g.code, g.name])), [props.groups]);
  const sourceOf = (ind: IndicatorResult) => (ind.of ? defs.get(ind.of) : undefined);

  const columns: ColumnsType<IndicatorResult> = [
    {
      title: '指标',
      key: 'name',
      width: 200,
      filters: props.groups.map((g) => ({ text: g.name, value: g.code })),
      onFilter: (v, r) => r.group === v,
      render: (_, r) => {
        const clause = defs.get(r.code)?.clause;
        return (
          <div>
            <div>{r.name}</div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {r.code} · {groupName.get(r.group) ?? r.group}
              {clause ? ` · 方案第${clause}条` : ''}
            </Typography.Text>
          </div>
        );
      },
    },
    {
      title: '规则',
      key: 'rule',
      width: 84,
      render: (_, r) => (
        <Tooltip title={ruleDetail(r, defs.get(r.code), sourceOf(r))}>
          <Tag tabIndex={0} style={{ cursor: 'help' }}>
            {RULE_NAMES[r.rule]}
          </Tag>
        </Tooltip>
      ),
    },
    {
      title: '填报值',
      key: 'values',
      width: 150,
      render: (_, r) => (
        <div style={{ fontSize: 13 }}>
          {valueLines(r, defs.get(r.code), sourceOf(r)).map((l) => (
            <div key={l}>{l}</div>
          ))}
        </div>
      ),
    },
    {
      title: '得分 / 分值',
      key: 'score',
      width: 108,
      align: 'right',
      render: (_, r) => (
        <span data-testid={`indicator-score-${r.code}`} style={{ whiteSpace: 'nowrap' }}>
          <Typography.Text strong type={r.score < r.points ? (r.score === 0 ? 'danger' : 'warning') : undefined}>
            {formatCents(r.score)}
          </Typography.Text>
          <Typography.Text type="secondary"> / {formatCents(r.points)}</Typography.Text>
          {r.rule === 'manual' && props.manualScoring && <ManualScoreButton {...props.manualScoring} indicator={r} />}
        </span>
      ),
    },
    {
      title: '计算说明',
      dataIndex: 'explanation',
      render: (t: string) => <span style={{ fontSize: 13, whiteSpace: 'pre-wrap' }}>{t}</span>,
    },
    {
      title: '佐证',
      key: 'evidence',
      width: 140,
      render: (_, r) => <EvidenceLinks evidence={r.evidence} missing={r.evidenceMissing} />,
    },
  ];

  return (
    <Table<IndicatorResult>
      rowKey="code"
      size="small"
      bordered
      pagination={false}
      dataSource={props.indicators}
      columns={columns}
      tableLayout="fixed"
      scroll={{ x: 1000 }}
      expandable={{
        // `children` here are a rollup's child units, not tree rows: shown by expandedRowRender instead.
        childrenColumnName: 'noTreeRows',
        rowExpandable: (r) => r.rule === 'rollup' && ((r.children?.length ?? 0) > 0 || (r.missingChildren?.length ?? 0) > 0),
        expandedRowRender: (r) => <RollupDetails ind={r} unit={(sourceOf(r) ?? defs.get(r.code))?.value?.unit} hrefOf={props.hrefOf} />,
      }}
    />
  );
}
