import { useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Card, Col, List, Row, Statistic, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTRPC } from '../../lib/trpc';
import { QueryState } from '../../lib/states';
import { ChartCard, OKABE_ITO, type DataColumn, type DataRow } from '../../lib/charts';
import { annualFormat } from '../../../shared/annual-report/format';
import { formatDateZh } from '../../../shared/dates';
import { FileExportButton, annualSummaryUrl } from '../excel';

/** Outcomes stacked per city; 本年新收 as its own bar beside them. */
const OUTCOMES = ['granted', 'partial', 'denied', 'unable', 'notProcessed', 'otherHandling'] as const;

export function AnnualSummary({ year }: { year: number }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.annualReports.summary.queryOptions({ year }));
  const format = q.data ? annualFormat(q.data.formatId) : null;
  const label = (key: string) => format?.figures.find((f) => f.key === key)?.label ?? key;
  const columns = useMemo<DataColumn[]>(() => {
    const label = (key: string) => format?.figures.find((f) => f.key === key)?.label ?? key;
    return format
        ? [
            { key: 'name', title: '设区市', width: 90 },
            { key: 'accepted', title: '已采纳报告数', kind: 'int' },
            { key: 'expected', title: '应报单位数', kind: 'int' },
            { key: 'received', title: label('received'), kind: 'int' },
            ...OUTCOMES.map((k) => ({ key: k, title: label(k), kind: 'int' as const })),
            { key: 'handled', title: label('handled'), kind: 'int' },
            { key: 'rate', title: '公开率', kind: 'percent' },
          ]
        : [];
  }, [format]);
  const rows = useMemo<DataRow[]>(() => {
    if (!q.data) return [];
    const row = (code: string, name: string, t: (typeof q.data.cities)[number] | typeof q.data.province): DataRow => ({
      code,
      name,
      accepted: t.accepted,
      expected: t.expected,
      ...t.figures,
      rate: t.disclosure.percent,
    });
    return [...q.data.cities.map((c) => row(c.code, c.name, c)), row('330000', '全省合计', q.data.province)];
  }, [q.data]);
  return (
    <QueryState loading={q.isLoading} error={q.error} onRetry={() => void q.refetch()}>
      {q.data && format && (
        <>
          <div className="no-print" style={{ marginBottom: 12 }}>
            <FileExportButton url={annualSummaryUrl(year)} fallbackName={`全省${year}年度政府信息公开工作年度报告汇总.xlsx`}>
              导出全省汇总（Excel，按国家表样）
            </FileExportButton>
          </div>
          <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title="已采纳报告 / 应报单位" value={`${q.data.province.accepted} / ${q.data.province.expected}`} />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title={label('received')} value={q.data.province.figures.received} />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title="公开率" value={q.data.province.disclosure.percent === null ? '—' : `${q.data.province.disclosure.percent.toFixed(1)}%`} />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  （予以公开 + 部分公开）{q.data.province.disclosure.numerator} / （七）总计 {q.data.province.disclosure.denominator}
                </Typography.Text>
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title="未报 / 逾期 / 不一致" value={`${q.data.missing.length} / ${q.data.late.length} / ${q.data.breaking.length}`} />
              </Card>
            </Col>
          </Row>
          <ChartCard
            title="各设区市收到和处理政府信息公开申请情况"
            testId="chart-annual-cities"
            fileName={`${year}年度各设区市政府信息公开申请办理情况`}
            sheetNote={`按已采纳的${year}年度政府信息公开工作年度报告汇总（设区市 = 市本级 + 所辖县(市、区)）；${format.disclosureRate.description}`}
            columns={columns}
            rows={rows}
            height={360}
            footnote={`仅统计已采纳的年度报告；${format.disclosureRate.description}。`}
          >
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={rows.filter((r) => r.code !== '330000')} margin={{ top: 8, right: 16, bottom: 0, left: 0 }} accessibilityLayer>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="name" tick={{ fontSize: 12 }} interval={0} />
                <YAxis tick={{ fontSize: 12 }} width={48} allowDecimals={false} />
                <Tooltip />
                <Legend wrapperStyle={{ fontSize: 12 }} />
                <Bar dataKey="received" name={label('received')} fill={OKABE_ITO[0]} />
                {OUTCOMES.map((k, i) => (
                  <Bar key={k} dataKey={k} name={label(k)} stackId="outcome" fill={OKABE_ITO[(i + 1) % OKABE_ITO.length]} />
                ))}
              </BarChart>
            </ResponsiveContainer>
          </ChartCard>
          <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
            <Col xs={24} md={8}>
              <Card size="small" title={`尚未报送（${q.data.missing.length}）`}>
                <List
                  size="small"
                  locale={{ emptyText: '全部已报送' }}
                  dataSource={q.data.missing}
                  renderItem={(u) => (
                    <List.Item>
                      <Link to={`/annual?unit=${u.code}&year=${year}`}>{u.name}</Link>
                      <span>{u.overdueDays > 0 ? <Tag color="error">逾期 {u.overdueDays} 天</Tag> : <Tag>截止 {formatDateZh(q.data.due)}</Tag>}</span>
                    </List.Item>
                  )}
                />
              </Card>
            </Col>
            <Col xs={24} md={8}>
              <Card size="small" title={`逾期公开（${q.data.late.length}）`}>
                <List
                  size="small"
                  locale={{ emptyText: '没有逾期公开的单位' }}
                  dataSource={q.data.late}
                  renderItem={(u) => (
                    <List.Item>
                      <Link to={`/annual?unit=${u.code}&year=${year}`}>{u.name}</Link>
                      <span>
                        {formatDateZh(u.publishedOn)}公开，逾期 {u.daysLate} 天
                      </span>
                    </List.Item>
                  )}
                />
              </Card>
            </Col>
            <Col xs={24} md={8}>
              <Card size="small" title={`报表数据不一致（${q.data.breaking.length}）`}>
                <List
                  size="small"
                  locale={{ emptyText: '已报送的报告均符合校验规则' }}
                  dataSource={q.data.breaking}
                  renderItem={(u) => (
                    <List.Item>
                      <Link to={`/annual?unit=${u.code}&year=${year}`}>{u.name}</Link>
                      <Tag color="error">{u.problems} 处</Tag>
                    </List.Item>
                  )}
                />
              </Card>
            </Col>
          </Row>
        </>
      )}
    </QueryState>
  );
}
