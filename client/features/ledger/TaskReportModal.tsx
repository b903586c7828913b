import { useState } from 'react';
import { App, Button, DatePicker, Form, Input, Modal, Radio, Space, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { formatDateZh } from '../../../shared/dates';
import { PROGRESS_NAMES, TaskProgress } from '../../../shared/ledger';
import { errorInfo, useTRPC } from '../../lib/trpc';
import { EVIDENCE_ACCEPT, uploadEvidence } from '../reports/evidence';
import type { LedgerRow } from './model';

interface Values {
  progress: TaskProgress;
  completedOn?: Dayjs | null;
  evidenceUrl?: string;
  note?: string;
}

/** A division reports progress on one task instance; every report is a new version. */
export function TaskReportModal({ row, unitCode, onClose }: { row: LedgerRow | null; unitCode: string; onClose: () => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [file, setFile] = useState<{ hash: string; name: string } | null>(null);
  const [uploading, setUploading] = useState(false);
  const progress = Form.useWatch('progress', form);
  const report = useMutation(
    trpc.ledger.report.mutationOptions({
      onSuccess: async (r) => {
        message.success(`已报告（第 ${r.version} 版），等待厅办公室确认`);
        setFile(null);
        onClose();
        await qc.invalidateQueries(trpc.ledger.pathFilter());
      },
      onError: (e) => {
        const info = errorInfo(e);
        const fields = info.fieldErrors.filter((f) => ['progress', 'completedOn', 'evidenceUrl', 'note'].includes(f.path));
        if (fields.length) form.setFields(fields.map((f) => ({ name: f.path as keyof Values, errors: [f.message] })));
        else message.error(info.message);
      },
    }),
  );
  const submit = (v: Values) => {
    if (!row) return;
    report.mutate({
      taskId: row.taskId,
      instance: row.instance,
      revision: row.revision,
      progress: v.progress,
      completedOn: v.progress === 'done' && v.completedOn ? v.completedOn.format('YYYY-MM-DD') : null,
      evidenceUrl: v.evidenceUrl?.trim() || null,
      evidenceFile: file?.hash ?? row.evidenceFile ?? null,
      note: v.note?.trim() || null,
    });
  };
  return (
    <Modal
      open={row !== null}
      title="报告任务进展"
      okText="报送"
      cancelText="取消"
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={report.isPending}
      destroyOnHidden
    >
      {row && (
        <>
          <Typography.Paragraph>
            <strong>（{row.clause}）{row.text}</strong>
            {row.instanceLabel && `（${row.instanceLabel}）`}
            <br />
            截止日期：{formatDateZh(row.due)}；需提供：{row.evidenceRequired}
          </Typography.Paragraph>
          {row.returnReason && (
            <Typography.Paragraph type="danger">退回理由：{row.returnReason}</Typography.Paragraph>
          )}
          <Form<Values>
            form={form}
            layout="vertical"
            onFinish={submit}
            initialValues={{
              progress: row.progress ?? 'not_started',
              completedOn: row.completedOn ? dayjs(row.completedOn) : null,
              evidenceUrl: row.evidenceUrl ?? '',
              note: row.note ?? '',
            }}
          >
            <Form.Item label="进展" name="progress" rules={[{ required: true, message: '请选择进展' }]}>
              <Radio.Group options={TaskProgress.options.map((p) => ({ value: p, label: PROGRESS_NAMES[p] }))} optionType="button" />
            </Form.Item>
            {progress === 'done' && (
              <Form.Item label="完成日期" name="completedOn" rules={[{ required: true, message: '已完成的任务须填写完成日期' }]}>
                <DatePicker format="YYYY年M月D日" style={{ width: 200 }} />
              </Form.Item>
            )}
            <Form.Item label="佐证材料链接" name="evidenceUrl" extra="公开网页的完整网址；也可上传 PDF/JPG/PNG 文件">
              <Input placeholder="http://www.zjjs.gov.cn/…" inputMode="url" />
            </Form.Item>
            <Space style={{ marginBottom: 16 }} wrap>
              <Upload
                accept={EVIDENCE_ACCEPT}
                showUploadList={false}
                customRequest={({ file: f }) => {
                  const blob = f as File;
                  setUploading(true);
                  uploadEvidence(blob, blob.name, unitCode)
                    .then((u) => setFile({ hash: u.hash, name: u.originalName }))
                    .catch((e: unknown) => message.error(e instanceof Error ? e.message : String(e)))
                    .finally(() => setUploading(false));
                }}
              >
                <Button icon={<UploadOutlined />} loading={uploading}>
                  上传佐证文件
                </Button>
              </Upload>
              {file ? <Typography.Text>已上传：{file.name}</Typography.Text> : row.evidenceFile && <Typography.Text type="secondary">已有上传文件</Typography.Text>}
            </Space>
            <Form.Item label="备注" name="note" rules={[{ max: 2000, message: '备注不超过 2000 字' }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
          </Form>
        </>
      )}
    </Modal>
  );
}
