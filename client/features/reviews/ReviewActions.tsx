import { Button, Popconfirm, Space } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '../../lib/trpc';
import { DECISION_NAMES, unitLabel, type Decision, type QueueRow } from './model';
import { useReviewFeedback } from './useReviewFeedback';

/** Approve (city) or accept (office) after a confirmation; return opens the reason dialog. */
export function ReviewActions({
  row,
  decision,
  onReturn,
  onView,
  onDone,
  buttons = false,
}: {
  row: QueueRow;
  decision: Decision;
  onReturn: (row: QueueRow) => void;
  onView?: (row: QueueRow) => void;
  onDone?: () => void;
  /** Full buttons (drawer footer) instead of links (table rows). */
  buttons?: boolean;
}) {
  const trpc = useTRPC();
  const { refresh, onError, message } = useReviewFeedback();
  const options = {
    onSuccess: async () => {
      message.success(
        decision === 'approve' ? `已审核通过${unitLabel(row)}${row.periodName}报告，已转厅办公室采纳` : `已采纳${unitLabel(row)}${row.periodName}报告`,
      );
      onDone?.();
      await refresh();
    },
    onError: (err: unknown) => void onError(err),
  };
  const approve = useMutation(trpc.reviews.approve.mutationOptions(options));
  const accept = useMutation(trpc.reviews.accept.mutationOptions(options));
  const m = decision === 'approve' ? approve : accept;
  const name = DECISION_NAMES[decision];
  const type = buttons ? undefined : 'link';
  const size = buttons ? 'middle' : 'small';
  return (
    <Space size={buttons ? 8 : 0} wrap>
      {onView && (
        <Button type={type} size={size} onClick={() => onView(row)} aria-label={`查看${unitLabel(row)}${row.periodName}报告`}>
          查看
        </Button>
      )}
      <Popconfirm
        title={`${name}报告`}
        description={
          <div style={{ maxWidth: 300 }}>
            确认{name}
            <strong>{unitLabel(row)}</strong>
            {row.periodName}报告（第 {row.version} 版）？
            {decision === 'approve' ? '通过后将转厅办公室采纳。' : '采纳后该报告计入考核，只有厅办公室可重新开放。'}
          </div>
        }
        okText={name}
        cancelText="取消"
        onConfirm={() => m.mutate({ reportId: row.reportId, revision: row.revision })}
      >
        <Button type={buttons ? 'primary' : 'link'} size={size} loading={m.isPending} aria-label={`${name}${unitLabel(row)}${row.periodName}报告`}>
          {name}
        </Button>
      </Popconfirm>
      <Button type={type} size={size} danger onClick={() => onReturn(row)} aria-label={`退回${unitLabel(row)}${row.periodName}报告`}>
        退回
      </Button>
    </Space>
  );
}
