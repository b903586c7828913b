import { Card, Col, Descriptions, Progress, Row, Space, Statistic, Tooltip, Typography } from 'antd';
import { formatCents } from '../../../shared/format';
import { LEVEL_NAMES } from '../../../shared/roles';
import { GradeTag, signedCents } from '../rankings/format';
import { StatusBadge } from '../rankings/StatusBadge';
import { isCountyRow, type UnitData } from './types';

/** Name, code, S, grade, rank, contribution and which result this is. */
export function UnitHeader({ data }: { data: UnitData }) {
  const { unit, score, ranking } = data;
  const countyRank = isCountyRow(ranking) ? ranking : null;
  return (
    <Card>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Space wrap align="center" style={{ justifyContent: 'space-between', width: '100%' }}>
          <Space wrap align="baseline">
            <Typography.Title level={1} className="page-title" style={{ marginBottom: 0 }}>
              {unit.name}
            </Typography.Title>
            <Typography.Text type="secondary">
              {LEVEL_NAMES[unit.level]}住房城乡建设局 · 行政区划代码 {unit.code}
              {countyRank ? ` · 隶属${countyRank.cityName}` : ''}
            </Typography.Text>
          </Space>
          <Space wrap>
            <Typography.Text type="secondary">
              {data.year} 年度{data.kind === 'progress' ? ` · ${data.period.name}` : ''}
            </Typography.Text>
            <StatusBadge status={data.status} publication={data.publication} periodName={data.kind === 'progress' ? data.period.name : undefined} />
          </Space>
        </Space>
        <Row gutter={[24, 16]}>
          <Col xs={12} md={5}>
            <Statistic
              title="政务公开得分 S"
              value={formatCents(score.S)}
              formatter={(v) => <span data-testid="unit-score">{v}</span>}
              suffix={<span style={{ fontSize: 14 }}>/ 100</span>}
            />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title="等级" value={score.grade ?? '—'} formatter={() => <GradeTag grade={score.grade} />} />
          </Col>
          <Col xs={12} md={5}>
            {ranking && !countyRank && <Statistic title="全省设区市排名" value={ranking.rank ?? '—'} suffix={ranking.rank === null ? undefined : '名'} />}
            {countyRank && (
              <Statistic title="排名（市内 / 全省）" value={`${countyRank.cityRank ?? '—'} / ${countyRank.rank ?? '—'}`} />
            )}
            {!ranking && <Statistic title="排名" value="—" />}
          </Col>
          <Col xs={12} md={5}>
            <Tooltip title={score.contributionExplanation}>
              <div tabIndex={0}>
                <Statistic title="计入年度考核" value={formatCents(score.contribution)} suffix="分" />
              </div>
            </Tooltip>
          </Col>
          <Col xs={24} md={5}>
            <Descriptions
              size="small"
              column={1}
              items={[
                { key: 'raw', label: '指标得分合计', children: formatCents(score.raw) },
                { key: 'adj', label: '分数调整', children: score.adjustmentTotal ? signedCents(score.adjustmentTotal) : '无' },
                {
                  key: 'report',
                  label: '计入的报告',
                  children: score.hasReport ? '有' : <Typography.Text type="warning">{data.kind === 'progress' ? '无' : '无已采纳的年度报告'}</Typography.Text>,
                },
              ]}
            />
          </Col>
        </Row>
        <Progress percent={score.S / 100} showInfo={false} size="small" strokeColor="#b71c1c" aria-label={`得分 ${formatCents(score.S)} / 100`} />
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {score.explanation}
          {score.clamped !== 'none' ? '（已按 0–100 分限定）' : ''}；{score.contributionExplanation}
        </Typography.Text>
      </Space>
    </Card>
  );
}
