import { Button, Empty, Flex, Tag, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '../../lib/trpc';
import type { RouterOutputs } from '../../../server/root';
import { useReviewFeedback } from './useReviewFeedback';
import { formatDateTimeZh } from '../../../shared/dates';

type Flag = RouterOutputs['reports']['get']['flags'][number];

/** Flags on this report, open ones first; a reviewer marks them followed up. */
export function FlagList({ flags, names }: { flags: Flag[]; names: Map<string, string> }) {
  const trpc = useTRPC();
  const { refresh, onError, message } = useReviewFeedback();
  const resolve = useMutation(
    trpc.reviews.resolveFlag.mutationOptions({
      onSuccess: async () => {
        message.success('已标记为已跟进');
        await refresh();
      },
      onError: (err) => void onError(err),
    }),
  );
  if (!flags.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无标记。可在“报送内容”中对某项指标点击“标记”。" />;
  const sorted = [...flags].sort((a, b) => Number(Boolean(a.resolvedAt)) - Number(Boolean(b.resolvedAt)) || b.at.localeCompare(a.at));
  return (
    <Flex vertical gap={0} role="list">
      {sorted.map((f) => (
        <Flex key={f.id} role="listitem" justify="space-between" align="flex-start" gap={12} style={{ padding: '8px 0', borderBottom: '1px solid #f0f0f0' }}>
          <div>
            <div>
              {f.resolvedAt ? <Tag>已跟进</Tag> : <Tag color="orange">待跟进</Tag>}
              <Typography.Text strong>{f.indicatorCode}</Typography.Text> {names.get(f.indicatorCode) ?? ''}
              <Typography.Text type="secondary"> · 第 {f.version} 版</Typography.Text>
            </div>
            <div style={{ whiteSpace: 'pre-wrap' }}>{f.comment}</div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              标记于 {formatDateTimeZh(f.at)}
              {f.resolvedAt ? `，${formatDateTimeZh(f.resolvedAt)} 已跟进` : ''}
            </Typography.Text>
          </div>
          {!f.resolvedAt && (
            <Button size="small" loading={resolve.isPending && resolve.variables?.flagId === f.id} onClick={() => resolve.mutate({ flagId: f.id })}>
              已跟进
            </Button>
          )}
        </Flex>
      ))}
    </Flex>
  );
}
