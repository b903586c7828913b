import { Alert, Button, Card, Descriptions, Flex, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../../lib/trpc';
import { formatDateTimeZh } from '../../../shared/dates';
import { AuditLogView } from './AuditLogView';

/** 安全审计 (安全审计员): the audit log in Chinese, its export, and the hash-chain check. */
export default function SecurityAuditPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const verify = useMutation(
    trpc.audit.verify.mutationOptions({
      // The check is itself recorded: show the new row.
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.audit.list.pathKey() }),
    }),
  );
  const r = verify.data;
  return (
    <Flex vertical gap={16}>
      <Typography.Title level={1} className="page-title" style={{ marginBottom: 0 }}>
        安全审计
      </Typography.Title>
      <Card title="审计日志完整性校验">
        <Typography.Paragraph type="secondary">
          每条审计记录都带有与上一条相连的 SHA-256 哈希。校验会重新计算全部哈希：任何一条被修改、删除或插入，都会从那一条起对不上。
        </Typography.Paragraph>
        <Button type="primary" icon={<SafetyCertificateOutlined />} loading={verify.isPending} onClick={() => verify.mutate()}>
          校验哈希链
        </Button>
        {verify.error && <Alert style={{ marginTop: 16 }} type="error" showIcon title="校验未能完成" description={verify.error.message} />}
        {r && (
          <div style={{ marginTop: 16 }} aria-live="polite">
            {r.ok ? (
              <Alert type="success" showIcon title={`审计日志完整：共 ${r.rows} 条记录，哈希链全部吻合`} />
            ) : (
              <Alert
                type="error"
                showIcon
                title={`发现篡改：第一处异常在第 ${r.firstBroken?.id} 条记录`}
                description={[r.firstBroken?.at ? formatDateTimeZh(r.firstBroken.at) : null, r.firstBroken?.actionName, r.firstBroken?.reason].filter(Boolean).join('；')}
              />
            )}
            <Descriptions size="small" column={1} style={{ marginTop: 12 }}>
              <Descriptions.Item label="校验范围">
                {r.start?.kind === 'archive' ? `第 ${r.firstId} 条起（之前的记录已归档到 ${r.start.file}）` : r.firstId ? `第 ${r.firstId} 条起（链首）` : '无记录'}
              </Descriptions.Item>
              {r.head && (
                <Descriptions.Item label="最新记录">
                  第 {r.head.id} 条，哈希 <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>{r.head.hash}</Typography.Text>
                </Descriptions.Item>
              )}
              <Descriptions.Item label="用时">{r.ms} 毫秒</Descriptions.Item>
            </Descriptions>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
              请将最新记录的编号和哈希另行登记（如纸质审计台账）；日后校验时，该记录的哈希应保持不变。
            </Typography.Paragraph>
          </div>
        )}
      </Card>
      <AuditLogView />
    </Flex>
  );
}
