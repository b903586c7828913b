import { Alert, Button, Card, Descriptions, Flex, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useParams, useSearchParams } from 'react-router';
import { useTRPC } from '../../lib/trpc';
import { QueryState } from '../../lib/states';
import { reportedIndicatorsFor } from '../../../shared/scheme';
import { formatDateTimeZh } from '../../../shared/dates';
import { valueLines } from '../reports/model';

const SOURCE_NAMES: Record<string, string> = { web: '网页填报', excel: 'Excel 上传', seed: '导入' };

interface Line {
  key: string;
  code: string;
  name: string;
  label: string;
  text: string;
  span: number;
}

/**
 * 回执: the printable receipt of a submitted report version — unit, period, version, submitted when
 * and by whom, every value, and the version's SHA-256 hash, which the office can verify.
 */
export default function ReceiptPage() {
  const trpc = useTRPC();
  const { reportId } = useParams();
  const [params] = useSearchParams();
  const id = Number(reportId);
  const version = Number(params.get('version')) || undefined;
  const valid = Number.isInteger(id) && id > 0;
  const q = useQuery({ ...trpc.reports.receipt.queryOptions({ reportId: valid ? id : 1, ...(version ? { version } : {}) }), enabled: valid });
  const r = q.data;

  const lines: Line[] = [];
  if (r?.level) {
    for (const ind of reportedIndicatorsFor(r, r.level)) {
      const vs = valueLines(ind, r.level, r.values[ind.code]).filter((l) => l.text !== '');
      const shown = vs.length ? vs : [{ field: '-', label: '—', text: '（未填报）' }];
      shown.forEach((l, i) => lines.push({ key: `${ind.code}.${l.field}`, code: ind.code, name: ind.name, label: l.label, text: l.text, span: i === 0 ? shown.length : 0 }));
    }
  }
  const columns: TableColumnsType<Line> = [
    { title: '指标', key: 'ind', width: 220, onCell: (l) => ({ rowSpan: l.span }), render: (_, l) => `${l.code} ${l.name}` },
    { title: '项目', dataIndex: 'label', width: 200 },
    { title: '填报值', dataIndex: 'text', render: (t: string) => <span style={{ wordBreak: 'break-all' }}>{t}</span> },
  ];

  return (
    <Flex vertical gap={16} className="receipt">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={1} className="page-title" style={{ marginBottom: 0 }}>
          报送回执
        </Typography.Title>
        {r && (
          <Button icon={<PrinterOutlined />} className="no-print" onClick={() => window.print()}>
            打印回执
          </Button>
        )}
      </Flex>
      {!valid ? (
        <Alert type="warning" showIcon title="链接中的报告编号无效" />
      ) : (
        <QueryState loading={q.isLoading} error={q.error} onRetry={() => q.refetch()}>
          {r && (
            <>
              <Card size="small">
                <Typography.Title level={2} style={{ fontSize: 18, marginTop: 0, textAlign: 'center' }}>
                  {r.unit.level === 'county' && r.unit.parentName ? r.unit.parentName : ''}
                  {r.unit.name}
                  {r.period.name}政务公开考核数据报送回执
                </Typography.Title>
                <Descriptions
                  size="small"
                  bordered
                  column={{ xs: 1, sm: 2 }}
                  items={[
                    { key: 'unit', label: '报送单位', children: `${r.unit.name}（${r.unit.code}）` },
                    { key: 'period', label: '期次', children: r.period.name },
                    { key: 'version', label: '版本', children: `第 ${r.version} 版` },
                    { key: 'at', label: '报送时间', children: formatDateTimeZh(r.submittedAt) },
                    { key: 'by', label: '报送人', children: r.submittedBy || '—' },
                    { key: 'source', label: '报送方式', children: SOURCE_NAMES[r.source] ?? r.source },
                    { key: 'status', label: '当前状态', children: r.current ? r.statusName : `${r.statusName}（本回执为第 ${r.version} 版，已有更新版本）` },
                    { key: 'issued', label: '回执生成时间', children: formatDateTimeZh(r.issuedAt) },
                    {
                      key: 'hash',
                      label: '版本哈希（SHA-256）',
                      span: 'filled',
                      children: (
                        <Typography.Text code copyable={{ text: r.hash, tooltips: ['复制哈希', '已复制'] }} style={{ wordBreak: 'break-all' }} data-testid="receipt-hash">
                          {r.hash}
                        </Typography.Text>
                      ),
                    },
                  ]}
                />
                <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
                  版本哈希由报送单位、期次、版本、报送时间和全部填报值计算，报送时即存入系统。厅办公室可凭此哈希核验回执：报送后任何数据改动都会使哈希不符。
                </Typography.Paragraph>
              </Card>
              <Card size="small" title="报送内容">
                <Table<Line> rowKey="key" size="small" bordered pagination={false} dataSource={lines} columns={columns} />
              </Card>
            </>
          )}
        </QueryState>
      )}
    </Flex>
  );
}
