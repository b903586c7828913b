import { useMemo, useState } from 'react';
import { Checkbox, Drawer, Flex, Segmented, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../lib/trpc';
import { QueryState } from '../../lib/states';
import type { RouterOutputs } from '../../../server/root';
import { reportedIndicatorsFor } from '../../../shared/scheme';
import { valueLines } from './model';
import { EvidenceFileLink } from './EvidenceField';
import { formatDateTimeZh } from '../../../shared/dates';

type Versions = RouterOutputs['reports']['versions'];
type Compare = RouterOutputs['reports']['compare'];

interface Row {
  key: string;
  code: string;
  name: string;
  label: string;
  field: string;
  before: string;
  after: string;
  changed: boolean;
  span: number;
}

const CHANGED_BG = '#fff7e6';

function versionMeta(v: Versions[number]): string {
  if (!v.submittedAt) return `创建于 ${formatDateTimeZh(v.createdAt)}，尚未报送`;
  const via = v.source === 'excel' ? '（Excel 导入）' : '';
  return `${v.submittedBy ?? ''}报送于 ${formatDateTimeZh(v.submittedAt)}${via}`;
}

function buildRows(c: Compare, onlyChanged: boolean): Row[] {
  const level = c.unit.level === 'city' || c.unit.level === 'county' ? c.unit.level : null;
  if (!level) return [];
  const rows: Row[] = [];
  for (const ind of reportedIndicatorsFor(c, level)) {
    const before = new Map(valueLines(ind, level, c.previous[ind.code], { includeEmpty: true }).map((l) => [l.field, l.text]));
    const after = valueLines(ind, level, c.current[ind.code], { includeEmpty: true });
    // The computed rate appears only when both numbers are there; keep a row for it when either side has one.
    if (before.has('_') && !after.some((l) => l.field === '_')) after.splice(2, 0, { field: '_', label: '完成率', text: '' });
    const lines = after
      .map((l) => ({ label: l.label, field: l.field, before: before.get(l.field) ?? '', after: l.text }))
      .filter((l) => l.before !== '' || l.after !== '')
      .map((l) => ({ ...l, changed: c.previousVersion !== null && l.before !== l.after }))
      .filter((l) => !onlyChanged || l.changed);
    lines.forEach((l, i) =>
      rows.push({ key: `${ind.code}.${l.field}`, code: ind.code, name: ind.name, label: l.label, field: l.field, before: l.before, after: l.after, changed: l.changed, span: i === 0 ? lines.length : 0 }),
    );
  }
  return rows;
}

function Cell({ field, text, strong }: { field: string; text: string; strong?: boolean }) {
  if (!text) return <Typography.Text type="secondary">—</Typography.Text>;
  if (field === 'evidenceFile') return <EvidenceFileLink hash={text} />;
  return <span style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap', fontWeight: strong ? 600 : undefined }}>{text}</span>;
}

function CompareTable({ reportId, version }: { reportId: number; version: number }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.reports.compare.queryOptions({ reportId, version }));
  const [onlyChanged, setOnlyChanged] = useState(false);
  const rows = useMemo(() => (q.data ? buildRows(q.data, onlyChanged) : []), [q.data, onlyChanged]);
  const prev = q.data?.previousVersion ?? null;
  const columns: TableColumnsType<Row> = [
    {
      title: '指标',
      dataIndex: 'name',
      width: 220,
      onCell: (r) => ({ rowSpan: r.span }),
      render: (_, r) => (
        <span>
          <Typography.Text type="secondary">{r.code}</Typography.Text> {r.name}
        </span>
      ),
    },
    { title: '项目', dataIndex: 'label', width: 150 },
    ...(prev !== null
      ? [
          {
            title: `第 ${prev} 版`,
            dataIndex: 'before',
            onCell: (r: Row) => ({ style: r.changed ? { background: CHANGED_BG } : undefined }),
            render: (v: string, r: Row) => <Cell field={r.field} text={v} />,
          },
        ]
      : []),
    {
      title: `第 ${version} 版`,
      dataIndex: 'after',
      onCell: (r: Row) => ({ style: r.changed ? { background: CHANGED_BG } : undefined }),
      render: (v: string, r: Row) => <Cell field={r.field} text={v} strong={r.changed} />,
    },
  ];
  return (
    <QueryState loading={q.isLoading} error={q.error} onRetry={() => q.refetch()}>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 8 }}>
        <Typography.Text>
          {prev === null
            ? '第 1 版为首次填报，没有可对比的上一版。'
            : q.data?.changes.length
              ? `与第 ${prev} 版相比，${q.data.changes.length} 个指标有变化（黄色底色标出）。`
              : `与第 ${prev} 版相比没有变化。`}
        </Typography.Text>
        {prev !== null && (
          <Checkbox checked={onlyChanged} onChange={(e) => setOnlyChanged(e.target.checked)}>
            只看有变化的项
          </Checkbox>
        )}
      </Flex>
      <Table<Row> rowKey="key" size="small" bordered pagination={false} dataSource={rows} columns={columns} locale={{ emptyText: onlyChanged ? '没有变化' : '该版本没有填报内容' }} />
    </QueryState>
  );
}

/** Every version of a report; the chosen one beside its predecessor, changed cells highlighted. */
export function VersionCompareDrawer({ reportId, title, open, onClose }: { reportId: number; title: string; open: boolean; onClose: () => void }) {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.reports.versions.queryOptions({ reportId }), enabled: open });
  const [picked, setPicked] = useState<number | null>(null);
  const versions = q.data ?? [];
  const latestSubmitted = [...versions].reverse().find((v) => v.submittedAt) ?? versions[versions.length - 1];
  const version = picked ?? latestSubmitted?.version ?? null;
  const meta = versions.find((v) => v.version === version);
  return (
    <Drawer title={`版本对比 · ${title}`} size={960} open={open} onClose={onClose} destroyOnHidden>
      <QueryState loading={q.isLoading} error={q.error} onRetry={() => q.refetch()} empty={versions.length === 0} emptyText="尚无版本">
        <Flex vertical gap={12}>
          <Segmented<number>
            value={version ?? undefined}
            onChange={setPicked}
            options={versions.map((v) => ({ value: v.version, label: `第 ${v.version} 版${v.submittedAt ? '' : '（草稿）'}` }))}
          />
          {meta && <Typography.Text type="secondary">{versionMeta(meta)}</Typography.Text>}
          {version !== null && <CompareTable key={version} reportId={reportId} version={version} />}
        </Flex>
      </QueryState>
    </Drawer>
  );
}
