import { App, Button } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '../../lib/trpc';
import { DECISION_NAMES, unitLabel, type Decision, type QueueRow } from './model';
import { useReviewFeedback } from './useReviewFeedback';

/**
 * 批量审核通过 / 批量采纳 of the ticked rows, after a confirmation that lists them. The server applies
 * all or none; a refusal names each report that could not be reviewed.
 */
export function BulkReviewButton({ rows, decision, onDone }: { rows: QueueRow[]; decision: Decision; onDone: () => void }) {
  const trpc = useTRPC();
  const { modal } = App.useApp();
  const { refresh, onError, message } = useReviewFeedback();
  const name = DECISION_NAMES[decision];
  const bulk = useMutation(
    trpc.reviews.bulk.mutationOptions({
      onSuccess: async (res) => {
        message.success(decision === 'approve' ? `已审核通过 ${res.count} 份报告，已转厅办公室采纳` : `已采纳 ${res.count} 份报告`);
        onDone();
        await refresh();
      },
      onError: (err) => void onError(err),
    }),
  );
  const confirm = () =>
    modal.confirm({
      title: `批量${name} ${rows.length} 份报告`,
      width: 520,
      content: (
        <div>
          <p style={{ marginTop: 0 }}>
            确认{name}以下报告？
            {decision === 'approve' ? '通过后转厅办公室采纳。' : '采纳后计入考核，只有厅办公室可重新开放。'}
            任一份不能{name}时，全部不执行。
          </p>
          <ol style={{ maxHeight: 260, overflow: 'auto', margin: 0, paddingInlineStart: 24 }} aria-label={`待${name}的报告`}>
            {rows.map((r) => (
              <li key={r.reportId}>
                {unitLabel(r)} {r.periodName}（第 {r.version} 版）
              </li>
            ))}
          </ol>
        </div>
      ),
      okText: `${name} ${rows.length} 份`,
      cancelText: '取消',
      onOk: () => bulk.mutateAsync({ action: decision, items: rows.map((r) => ({ reportId: r.reportId, revision: r.revision })) }).catch(() => undefined),
    });
  return (
    <Button type="primary" disabled={rows.length === 0} loading={bulk.isPending} onClick={confirm}>
      批量{name}
      {rows.length > 0 ? `（${rows.length}）` : ''}
    </Button>
  );
}
