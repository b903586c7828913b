import { useState } from 'react';
import { Badge, Button, Empty, Flex, Popover, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { skipToken, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { errorInfo, useTRPC } from '../../lib/trpc';
import { QueryState } from '../../lib/states';
import type { RouterOutputs } from '../../../server/root';
import { useMe } from '../auth/useMe';
import { formatDateTimeZh } from '../../../shared/dates';

type Notice = RouterOutputs['notices']['list'][number];
type Period = RouterOutputs['periods']['list'][number];

/** The period a notice is about: the longest period name its title mentions (“…第四季度暨年度” over “…第四季度”). */
function periodOf(n: Notice, periods: Period[]): string | null {
  const hits = periods.filter((p) => n.title.includes(p.name) || n.body.includes(p.name));
  hits.sort((a, b) => b.name.length - a.name.length);
  return hits[0]?.code ?? null;
}

/** Where clicking a notice leads. */
function targetOf(n: Notice, periods: Period[], canReport: boolean, canReview: boolean): string | null {
  // A "submitted" notice goes to the reviewer: the report is another unit's.
  if (n.kind === 'submitted') return canReview ? '/reviews' : null;
  if (!canReport) return null;
  if (!n.reportId && n.kind !== 'reminder') return null;
  const period = periodOf(n, periods);
  return period ? `/report?period=${encodeURIComponent(period)}` : '/report';
}

function NoticeRow({ n, onOpen }: { n: Notice; onOpen: (n: Notice) => void }) {
  const unread = !n.readAt;
  return (
    <button
      type="button"
      onClick={() => onOpen(n)}
      style={{
        display: 'block',
        width: '100%',
        textAlign: 'left',
        padding: '8px 12px',
        border: 0,
        borderBottom: '1px solid #f0f0f0',
        background: unread ? '#fff8f6' : 'transparent',
        cursor: 'pointer',
        font: 'inherit',
      }}
    >
      <Flex justify="space-between" gap={8}>
        <Typography.Text strong={unread} style={{ flex: 1 }}>
          {unread && <Badge status="error" style={{ marginInlineEnd: 6 }} />}
          {n.title}
        </Typography.Text>
      </Flex>
      <Typography.Paragraph type="secondary" style={{ margin: '2px 0', fontSize: 13 }} ellipsis={{ rows: 3 }}>
        {n.body}
      </Typography.Paragraph>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {formatDateTimeZh(n.createdAt)}
      </Typography.Text>
    </button>
  );
}

function NoticeList({ onDone }: { onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const me = useMe();
  // Mounted on each opening (destroyOnHidden): always show the latest notices.
  const list = useQuery({ ...trpc.notices.list.queryOptions({ limit: 50 }), refetchOnMount: 'always' });
  const current = useQuery(trpc.periods.current.queryOptions());
  const year = current.data ? Number(current.data.code.slice(0, 4)) : null;
  const periods = useQuery(trpc.periods.list.queryOptions(year !== null ? { year } : skipToken));
  const invalidate = () => queryClient.invalidateQueries(trpc.notices.pathFilter());
  const markRead = useMutation(trpc.notices.markRead.mutationOptions({ onSettled: invalidate }));
  const role = me.user?.role;
  const canReport = role === 'city' || role === 'county';
  const canReview = role === 'city' || role === 'office';
  const notices = list.data ?? [];
  const unread = notices.filter((n) => !n.readAt).length;

  const open = (n: Notice) => {
    if (!n.readAt) markRead.mutate({ ids: [n.id] });
    const to = targetOf(n, periods.data ?? [], canReport, canReview);
    if (to) {
      onDone();
      void navigate(to);
    }
  };

  return (
    <div style={{ width: 380 }}>
      <Flex justify="space-between" align="center" style={{ padding: '4px 12px 8px', borderBottom: '1px solid #f0f0f0' }}>
        <Typography.Text strong>通知{unread ? `（${unread} 条未读）` : ''}</Typography.Text>
        <Button size="small" type="link" disabled={!unread || markRead.isPending} onClick={() => markRead.mutate({})}>
          全部标为已读
        </Button>
      </Flex>
      {markRead.error && <Typography.Text type="danger">{errorInfo(markRead.error).message}</Typography.Text>}
      <div style={{ maxHeight: 420, overflowY: 'auto' }}>
        <QueryState loading={list.isLoading} error={list.error} onRetry={() => void list.refetch()} rows={3}>
          {notices.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无通知" />
          ) : (
            notices.map((n) => <NoticeRow key={n.id} n={n} onOpen={open} />)
          )}
        </QueryState>
      </div>
    </div>
  );
}

/** Bell in the header: unread count (refreshed every minute) and the unit's notices. */
export function NoticeBell() {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const count = useQuery({ ...trpc.notices.unreadCount.queryOptions(), refetchInterval: 60_000 });
  const n = count.data?.count ?? 0;
  return (
    <Popover
      trigger="click"
      placement="bottomRight"
      open={open}
      onOpenChange={setOpen}
      content={<NoticeList onDone={() => setOpen(false)} />}
      destroyOnHidden
      styles={{ container: { padding: '8px 0' } }}
      arrow={false}
    >
      <Badge count={n} size="small" offset={[-4, 4]}>
        <Button type="text" shape="circle" icon={<BellOutlined style={{ fontSize: 18, color: '#fff' }} />} aria-label="通知" title={n ? `${n} 条未读通知` : '通知'} />
      </Badge>
    </Popover>
  );
}
