import { useState } from 'react';
import { Alert, Button, Descriptions, Input, Modal, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { errorInfo, useTRPC } from '../../lib/trpc';
import { formatDateTimeZh } from '../../../shared/dates';

const HASH = /^[0-9a-f]{64}$/;

/** 核验回执 (office): paste a receipt's hash; see whose version it is and whether stored data still matches. */
export function VerifyReceiptButton() {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [asked, setAsked] = useState<string | null>(null);
  const q = useQuery({ ...trpc.reports.verifyReceipt.queryOptions({ hash: asked ?? '' }), enabled: !!asked, retry: false });
  const clean = text.trim().toLowerCase();
  const formatError = clean && !HASH.test(clean) ? '回执哈希应为 64 位十六进制字符（0–9、a–f）' : null;
  const r = q.data;
  return (
    <>
      <Button icon={<SafetyCertificateOutlined />} onClick={() => setOpen(true)}>
        核验回执
      </Button>
      <Modal
        open={open}
        title="核验报送回执"
        okText="核验"
        cancelText="关闭"
        okButtonProps={{ disabled: !clean || !!formatError, loading: q.isFetching }}
        onOk={() => setAsked(clean)}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Typography.Paragraph>输入回执上的版本哈希（SHA-256，64 位）。</Typography.Paragraph>
        <Input.TextArea
          aria-label="回执版本哈希"
          value={text}
          autoSize={{ minRows: 2, maxRows: 3 }}
          onChange={(e) => {
            setText(e.target.value);
            setAsked(null);
          }}
          status={formatError ? 'error' : undefined}
        />
        {formatError && (
          <Typography.Text type="danger" role="alert">
            {formatError}
          </Typography.Text>
        )}
        {q.error && <Alert style={{ marginTop: 12 }} type="error" showIcon title={errorInfo(q.error).message} />}
        {r && !r.found && <Alert style={{ marginTop: 12 }} type="warning" showIcon title={r.message} data-testid="receipt-verdict" />}
        {r && r.found && (
          <>
            <Alert style={{ marginTop: 12 }} type={r.intact ? 'success' : 'error'} showIcon title={r.message} data-testid="receipt-verdict" />
            <Descriptions
              style={{ marginTop: 12 }}
              size="small"
              column={1}
              items={[
                { key: 'unit', label: '报送单位', children: `${r.unit.parentName && r.unit.parentName !== r.unit.name ? r.unit.parentName : ''}${r.unit.name}（${r.unit.code}）` },
                { key: 'period', label: '期次', children: r.period.name },
                { key: 'version', label: '版本', children: `第 ${r.version} 版` },
                { key: 'at', label: '报送时间', children: formatDateTimeZh(r.submittedAt) },
                { key: 'by', label: '报送人', children: r.submittedBy || '—' },
              ]}
            />
          </>
        )}
      </Modal>
    </>
  );
}
