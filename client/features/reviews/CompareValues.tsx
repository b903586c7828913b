import { useMemo, useState } from 'react';
import { Button, Checkbox, Flex, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { FlagOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../lib/trpc';
import { QueryState } from '../../lib/states';
import type { RouterOutputs } from '../../../server/root';
import { reportedIndicatorsFor, type Indicator } from '../../../shared/scheme';
import { evidenceHref, valueLines } from '../reports/model';
import type { FlagTarget } from './FlagModal';

type Compare = RouterOutputs['reports']['compare'];

interface Line {
  key: string;
  indicator: Indicator;
  field: string;
  label: string;
  before: string;
  after: string;
  changed: boolean;
  /** Rows the indicator cell spans (0 on all but its first line). */
  span: number;
}

const CHANGED = { background: '#fff7e6' };

function buildLines(c: Compare, onlyChanged: boolean): Line[] {
  const level = c.unit.level === 'city' || c.unit.level === 'county' ? c.unit.level : null;
  if (!level) return [];
  const out: Line[] = [];
  for (const ind of reportedIndicatorsFor(c, level)) {
    const before = new Map(valueLines(ind, level, c.previous[ind.code], { includeEmpty: true }).map((l) => [l.field, l.text]));
    const afterLines = valueLines(ind, level, c.current[ind.code], { includeEmpty: true });
    const fields = [...afterLines.map((l) => l.field), ...[...before.keys()].filter((f) => !afterLines.some((l) => l.field === f))];
    const labels = new Map(afterLines.map((l) => [l.field, l.label]));
    const after = new Map(afterLines.map((l) => [l.field, l.text]));
    const lines: Omit<Line, 'key' | 'indicator' | 'span'>[] = fields
      .map((f) => ({ field: f as string, label: labels.get(f) ?? (f === '_' ? '完成率' : f), before: before.get(f) ?? '', after: after.get(f) ?? '' }))
      .filter((l) => l.before !== '' || l.after !== '')
      .map((l) => ({ ...l, changed: c.previousVersion !== null && l.before !== l.after }))
      .filter((l) => !onlyChanged || l.changed);
    if (!lines.length && !onlyChanged) lines.push({ field: '-', label: '（未填报）', before: '', after: '', changed: false });
    lines.forEach((l, i) => out.push({ key: `${ind.code}.${l.field}`, indicator: ind, ...l, span: i === 0 ? lines.length : 0 }));
  }
  return out;
}

function ValueText({ field, text }: { field: string; text: string }) {
  if (!text) return <Typography.Text type="secondary">—</Typography.Text>;
  if (field === 'evidenceUrl' && /^https?:\/\//i.test(text)) {
    return (
      <a href={text} target="_blank" rel="noopener noreferrer" style={{ wordBreak: 'break-all' }}>
        {text}
      </a>
    );
  }
  if (field === 'evidenceFile') {
    return (
      <a href={evidenceHref(text)} target="_blank" rel="noopener noreferrer">
        查看文件（{text.slice(0, 8)}…）
      </a>
    );
  }
  return <span style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>{text}</span>;
}

/** The submitted values beside the previous version, changed cells highlighted, each indicator flaggable. */
export function CompareValues({
  reportId,
  version,
  openFlags,
  onFlag,
}: {
  reportId: number;
  version: number;
  openFlags: Map<string, number>;
  onFlag: (t: FlagTarget) => void;
}) {
  const trpc = useTRPC();
  const q = useQuery(trpc.reports.compare.queryOptions({ reportId, version }));
  const [onlyChanged, setOnlyChanged] = useState(false);
  const lines = useMemo(() => (q.data ? buildLines(q.data, onlyChanged) : []), [q.data, onlyChanged]);
  const prev = q.data?.previousVersion ?? null;
  const columns: TableColumnsType<Line> = [
    {
      title: '指标',
      key: 'indicator',
      width: 210,
      onCell: (l) => ({ rowSpan: l.span }),
      render: (_, l) => (
        <Flex vertical gap={4} align="flex-start">
          <span>
            <Typography.Text type="secondary">{l.indicator.code}</Typography.Text> {l.indicator.name}
          </span>
          <Flex gap={4} align="center" wrap>
            <Button size="small" icon={<FlagOutlined />} onClick={() => onFlag({ reportId, indicatorCode: l.indicator.code, indicatorName: l.indicator.name })} aria-label={`标记指标 ${l.indicator.code} ${l.indicator.name}`}>
              标记
            </Button>
            {(openFlags.get(l.indicator.code) ?? 0) > 0 && <Tag color="orange">待跟进 {openFlags.get(l.indicator.code)}</Tag>}
          </Flex>
        </Flex>
      ),
    },
    {
      title: '项目',
      dataIndex: 'label',
      width: 140,
      render: (v: string, l) => (
        <span>
          {v}
          {l.changed && (
            <Tag color="orange" style={{ marginLeft: 4 }}>
              已修改
            </Tag>
          )}
        </span>
      ),
    },
    ...(prev !== null
      ? [
          {
            title: `第 ${prev} 版`,
            key: 'before',
            onCell: (l: Line) => ({ style: l.changed ? CHANGED : undefined }),
            render: (_: unknown, l: Line) => <ValueText field={l.field} text={l.before} />,
          },
        ]
      : []),
    {
      title: `第 ${version} 版（本次报送）`,
      key: 'after',
      onCell: (l: Line) => ({ style: l.changed ? { ...CHANGED, fontWeight: 600 } : undefined }),
      render: (_: unknown, l: Line) => <ValueText field={l.field} text={l.after} />,
    },
  ];
  return (
    <QueryState loading={q.isLoading} error={q.error} onRetry={() => q.refetch()}>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 8 }}>
        <Typography.Text>
          {prev === null
            ? '首次报送，没有可对比的上一版。'
            : q.data?.changes.length
              ? `与第 ${prev} 版相比，${q.data.changes.length} 个指标有修改（标“已修改”并以底色标出）。`
              : `与第 ${prev} 版相比没有修改。`}
        </Typography.Text>
        {prev !== null && (
          <Checkbox checked={onlyChanged} onChange={(e) => setOnlyChanged(e.target.checked)}>
            只看修改的项
          </Checkbox>
        )}
      </Flex>
      <Table<Line>
        rowKey="key"
        size="small"
        bordered
        pagination={false}
        dataSource={lines}
        columns={columns}
        locale={{ emptyText: onlyChanged ? '没有修改' : '该版本没有填报内容' }}
      />
    </QueryState>
  );
}
