import { Alert, App, Button, Card, Descriptions, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { errorInfo, useTRPC } from '../../lib/trpc';
import { QueryState } from '../../lib/states';
import { formatDateTimeZh } from '../../../shared/dates';
import type { RouterOutputs } from '../../../server/root';

type Status = RouterOutputs['ops']['status'];
type BackupRow = Status['backups'][number];

function bytes(n: number | null | undefined): string {
  if (n == null) return '—';
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(n / 1024))} KB`;
}

/** 运维：备份列表、上次结果、磁盘空间与数据库是否可写（系统管理员）。 */
export default function OperationsPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const q = useQuery(trpc.ops.status.queryOptions(undefined, { refetchInterval: 60_000 }));
  const backup = useMutation(
    trpc.ops.backupNow.mutationOptions({
      onSuccess: (res) => {
        if (res.offsite && !res.offsite.ok) message.warning(res.message);
        else message.success(res.message);
        void queryClient.invalidateQueries({ queryKey: trpc.ops.status.queryKey() });
      },
      onError: (err) => message.error(errorInfo(err).message),
    }),
  );
  const s = q.data;
  const b = s?.backup;
  const last = b && b.enabled ? b.last : null;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={1} className="page-title">
        运维
      </Typography.Title>
      <QueryState loading={q.isLoading} error={q.error} onRetry={() => void q.refetch()}>
        {s && (
          <>
            {!s.storage.writable && <Alert type="error" showIcon title="数据库暂不可写" description={s.storage.reason} />}
            {last && !last.ok && <Alert type="error" showIcon title="上次备份有问题" description={`${formatDateTimeZh(last.at)}：${last.error ?? ''}${last.offsite?.output ? `（${last.offsite.output}）` : ''}`} />}
            <Card title="存储">
              <Descriptions column={{ xs: 1, sm: 2 }} size="small">
                <Descriptions.Item label="数据库">{s.storage.writable ? <Tag color="green">可写</Tag> : <Tag color="red">不可写</Tag>}</Descriptions.Item>
                <Descriptions.Item label="磁盘剩余空间">{bytes(s.storage.freeBytes)}</Descriptions.Item>
                <Descriptions.Item label="数据库大小">{bytes(s.storage.databaseBytes)}</Descriptions.Item>
                <Descriptions.Item label="业务时间">{formatDateTimeZh(s.now)}</Descriptions.Item>
              </Descriptions>
            </Card>
            <Card
              title="备份"
              extra={
                <Button type="primary" loading={backup.isPending} disabled={!b?.enabled} onClick={() => backup.mutate({})}>
                  立即备份
                </Button>
              }
            >
              {b?.enabled ? (
                <Descriptions column={{ xs: 1, sm: 2 }} size="small" style={{ marginBottom: 16 }}>
                  <Descriptions.Item label="备份目录">
                    <Typography.Text code style={{ wordBreak: 'break-all' }}>
                      {b.dir}
                    </Typography.Text>
                  </Descriptions.Item>
                  <Descriptions.Item label="下次自动备份">{formatDateTimeZh(b.nextAt)}（每天北京时间 {b.time}）</Descriptions.Item>
                  <Descriptions.Item label="保留规则">
                    最近 {b.keepDaily} 天每天一份 + 最近 {b.keepMonthly} 个月每月一份
                  </Descriptions.Item>
                  <Descriptions.Item label="异地备份命令">{b.offsiteCommand ? '已配置（BACKUP_COMMAND）' : <Tag color="orange">未配置：备份只在本机</Tag>}</Descriptions.Item>
                  <Descriptions.Item label="上次结果">
                    {last ? (
                      <Space wrap>
                        {last.ok ? <Tag color="green">成功</Tag> : <Tag color="red">失败</Tag>}
                        {formatDateTimeZh(last.at)}
                        {last.file}
                      </Space>
                    ) : (
                      '尚未备份'
                    )}
                  </Descriptions.Item>
                </Descriptions>
              ) : (
                <Alert type="warning" showIcon title="本服务未启用备份" />
              )}
              <Table<BackupRow>
                rowKey="file"
                size="small"
                scroll={{ x: 640 }}
                dataSource={s.backups}
                pagination={{ pageSize: 20, hideOnSinglePage: true }}
                locale={{ emptyText: '暂无备份' }}
                columns={[
                  { title: '备份时间', dataIndex: 'takenAt', render: (v: string) => formatDateTimeZh(v) },
                  { title: '文件', dataIndex: 'file' },
                  { title: '大小', dataIndex: 'bytes', align: 'right', render: (v: number) => bytes(v) },
                  { title: '校验', dataIndex: 'verified', render: (v: boolean) => (v ? <Tag color="green">已校验</Tag> : <Tag>无记录</Tag>) },
                  { title: '报告数', dataIndex: 'reports', align: 'right', render: (v: number | null) => v ?? '—' },
                  {
                    title: '异地',
                    dataIndex: 'offsite',
                    render: (o: BackupRow['offsite']) => (o ? o.ok ? <Tag color="green">成功</Tag> : <Tag color="red">失败（退出码 {o.exitCode ?? '无'}）</Tag> : '—'),
                  },
                ]}
              />
            </Card>
          </>
        )}
      </QueryState>
    </Space>
  );
}
