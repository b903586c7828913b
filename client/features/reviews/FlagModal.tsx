import { Form, Input, Modal, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { errorInfo, useTRPC } from '../../lib/trpc';
import { useReviewFeedback } from './useReviewFeedback';

export interface FlagTarget {
  reportId: number;
  indicatorCode: string;
  indicatorName: string;
}

/** Flags one indicator value for follow-up; the comment goes with it. */
export function FlagModal({ target, onClose }: { target: FlagTarget | null; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { onError, message } = useReviewFeedback();
  const [form] = Form.useForm<{ comment: string }>();
  const flag = useMutation(
    trpc.reviews.flag.mutationOptions({
      onSuccess: async () => {
        message.success(`已标记 ${target?.indicatorCode ?? ''}，待跟进`);
        onClose();
        await Promise.all([queryClient.invalidateQueries(trpc.reviews.pathFilter()), queryClient.invalidateQueries(trpc.reports.get.pathFilter())]);
      },
      onError: (err) => {
        const fe = errorInfo(err).fieldErrors.filter((f) => f.path === 'comment');
        if (fe.length) form.setFields([{ name: 'comment', errors: fe.map((f) => f.message) }]);
        else if (onError(err).handled) onClose();
      },
    }),
  );
  return (
    <Modal
      open={target !== null}
      title="标记待跟进"
      okText="标记"
      cancelText="取消"
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={flag.isPending}
      destroyOnHidden
    >
      {target && (
        <Typography.Paragraph>
          指标：<strong>{target.indicatorCode}</strong> {target.indicatorName}
        </Typography.Paragraph>
      )}
      <Form form={form} layout="vertical" onFinish={(v) => target && flag.mutate({ reportId: target.reportId, indicatorCode: target.indicatorCode, comment: v.comment.trim() })}>
        <Form.Item
          label="意见"
          name="comment"
          rules={[
            { required: true, whitespace: true, message: '请填写需要跟进的意见' },
            { max: 500, message: '意见不超过 500 字' },
          ]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount autoFocus placeholder="例如：公开网页链接无法打开，请核实" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
