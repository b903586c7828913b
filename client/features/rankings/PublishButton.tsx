import { useState } from 'react';
import { Alert, App, Button, Form, Input, Modal, Typography } from 'antd';
import { SendOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { errorInfo, useTRPC } from '../../lib/trpc';
import type { Publication } from './types';

/** The office publishes the year's annual ranking as a snapshot; a republish needs a reason. */
export function PublishButton(props: { year: number; publications: Publication[]; onPublished?: (version: number) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ reason?: string }>();
  const last = props.publications[0];
  const republish = Boolean(last);

  const publish = useMutation(
    trpc.scores.publish.mutationOptions({
      onSuccess: async (res) => {
        message.success(`${res.year} 年度考核结果已发布（第 ${res.version} 版）`);
        setOpen(false);
        form.resetFields();
        props.onPublished?.(res.version);
        // Everything that shows publications, the frozen scheme or its periods is stale now.
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.scores.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.scheme.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.periods.pathKey() }),
        ]);
      },
      onError: (err) => {
        const info = errorInfo(err);
        const reasonErr = info.fieldErrors.find((f) => f.path === 'reason');
        if (reasonErr) form.setFields([{ name: 'reason', errors: [reasonErr.message] }]);
        else message.error(info.message);
      },
    }),
  );

  const submit = async () => {
    const values = await form.validateFields();
    publish.mutate({ year: props.year, reason: values.reason?.trim() || undefined });
  };

  return (
    <>
      <Button type="primary" icon={<SendOutlined />} onClick={() => setOpen(true)}>
        {republish ? '重新发布排名' : '发布排名'}
      </Button>
      <Modal
        title={republish ? `重新发布 ${props.year} 年度考核结果` : `发布 ${props.year} 年度考核结果`}
        open={open}
        okText={republish ? `确认发布第 ${(last?.version ?? 0) + 1} 版` : '确认发布'}
        cancelText="取消"
        confirmLoading={publish.isPending}
        onOk={() => void submit().catch(() => undefined)}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Typography.Paragraph>
          将按当前数据（已采纳的年度报告与分数调整）生成 {props.year} 年度考核结果并发布，各设区市、县(市、区)住房城乡建设局和厅领导即可查看。
        </Typography.Paragraph>
        <Alert
          type="warning"
          showIcon
          title="发布后："
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              <li>保存的是发布时刻的排名快照，此后报告或调整的任何变动都不会改变已发布的结果，只能重新发布新版本；</li>
              <li>{props.year} 年度考核方案及期次设置将被冻结，不能再修改。</li>
            </ul>
          }
          style={{ marginBottom: 16 }}
        />
        <Form form={form} layout="vertical" requiredMark={republish ? true : 'optional'}>
          <Form.Item
            name="reason"
            label={republish ? '重新发布理由' : '发布说明'}
            extra={republish ? `已发布第 ${last?.version} 版，重新发布须说明理由，理由将记入审计日志` : undefined}
            rules={
              republish
                ? [
                    { required: true, whitespace: true, message: '请填写重新发布理由' },
                    { min: 2, message: '理由至少 2 个字' },
                  ]
                : []
            }
          >
            <Input.TextArea rows={3} maxLength={500} showCount placeholder={republish ? '例如：更正某市棚改完成数后重新发布' : '可不填'} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
