import { lazy, Suspense, useMemo, useState } from 'react';
import { Descriptions, Drawer, Skeleton, Tabs, Tag } from 'antd';
import { skipToken, useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../lib/trpc';
import { REPORT_STATUS_NAMES } from '../../../shared/reports';
import { CompareValues } from './CompareValues';
import { FlagList } from './FlagList';
import { FlagModal, type FlagTarget } from './FlagModal';
import { ReviewActions } from './ReviewActions';
import { TimelinessTag } from './TimelinessTag';
import { unitLabel, type Decision, type QueueRow } from './model';
import { formatDateTimeZh } from '../../../shared/dates';

// The full read-only report (evidence, history, all versions) belongs to the reports feature; load it only when asked for.
const ReportView = lazy(() => import('../reports/ReportView'));

/** One queued report: what was submitted against the previous version, flags, and the decision buttons. */
export function ReviewDrawer({
  row,
  decision,
  onClose,
  onReturn,
}: {
  row: QueueRow | null;
  decision: Decision | null;
  onClose: () => void;
  onReturn: (row: QueueRow) => void;
}) {
  const trpc = useTRPC();
  const [flagTarget, setFlagTarget] = useState<FlagTarget | null>(null);
  const report = useQuery(trpc.reports.get.queryOptions(row ? { unitCode: row.unitCode, periodCode: row.periodCode } : skipToken));
  const flags = useMemo(() => (row && report.data?.report?.id === row.reportId ? report.data.flags : []), [report.data, row]);
  const openFlags = useMemo(() => {
    const m = new Map<string, number>();
    for (const f of flags) if (!f.resolvedAt) m.set(f.indicatorCode, (m.get(f.indicatorCode) ?? 0) + 1);
    return m;
  }, [flags]);
  const names = useMemo(() => new Map((report.data?.indicators ?? []).map((i) => [i.code, i.name])), [report.data]);
  const openCount = flags.filter((f) => !f.resolvedAt).length;

  return (
    <Drawer
      title={row ? `${unitLabel(row)} · ${row.periodName} · 第 ${row.version} 版` : ''}
      size={1000}
      open={row !== null}
      onClose={onClose}
      destroyOnHidden
      footer={
        row &&
        decision && (
          <ReviewActions
            row={row}
            decision={decision}
            buttons
            onReturn={(r) => {
              onClose();
              onReturn(r);
            }}
            onDone={onClose}
          />
        )
      }
    >
      {row && (
        <>
          <Descriptions
            size="small"
            column={3}
            style={{ marginBottom: 16 }}
            items={[
              { key: 'unit', label: '报送单位', children: `${unitLabel(row)}（${row.unitCode}）` },
              { key: 'period', label: '期次', children: row.periodName },
              { key: 'status', label: '状态', children: <Tag>{REPORT_STATUS_NAMES[row.status]}</Tag> },
              { key: 'at', label: '报送时间', children: formatDateTimeZh(row.submittedAt) },
              { key: 'timeliness', label: '时效', children: <TimelinessTag t={row.timeliness} /> },
              { key: 'version', label: '版本', children: row.previousVersion ? `第 ${row.version} 版（上一版为第 ${row.previousVersion} 版）` : `第 ${row.version} 版（首次报送）` },
            ]}
          />
          <Tabs
            items={[
              {
                key: 'values',
                label: '报送内容与修改',
                children: <CompareValues reportId={row.reportId} version={row.version} openFlags={openFlags} onFlag={setFlagTarget} />,
              },
              {
                key: 'flags',
                label: `标记${openCount ? `（待跟进 ${openCount}）` : flags.length ? `（${flags.length}）` : ''}`,
                children: <FlagList flags={flags} names={names} />,
              },
              {
                key: 'report',
                label: '完整报告',
                children: (
                  <Suspense fallback={<Skeleton active paragraph={{ rows: 8 }} />}>
                    <ReportView unitCode={row.unitCode} periodCode={row.periodCode} />
                  </Suspense>
                ),
              },
            ]}
          />
          <FlagModal target={flagTarget} onClose={() => setFlagTarget(null)} />
        </>
      )}
    </Drawer>
  );
}
