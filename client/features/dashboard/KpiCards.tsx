import type { ReactNode } from 'react';
import { Card, Progress, Skeleton, Statistic, Tag, Typography } from 'antd';
import { formatInt, formatPct, OI } from '../../lib/charts';
import type { OverviewData } from './types';
import { formatDateZh } from '../../../shared/dates';

const CARD_HEIGHT = 158;

function KpiCard(props: { title: string; children: ReactNode; loading: boolean; testId: string }) {
  return (
    <Card size="small" className="kpi-card" data-testid={props.testId} styles={{ body: { height: CARD_HEIGHT, padding: '12px 16px' } }}>
      <div className="kpi-title">{props.title}</div>
      {props.loading ? <Skeleton active title={false} paragraph={{ rows: 3, width: ['60%', '90%', '70%'] }} /> : props.children}
    </Card>
  );
}

/** A number with a data-testid, so browser tests can compare it with the API. */
function V({ id, children }: { id: string; children: ReactNode }) {
  return <span data-testid={id}>{children}</span>;
}

function Bar({ pct, color }: { pct: number | null; color: string }) {
  return <Progress percent={pct ?? 0} showInfo={false} size="small" strokeColor={color} aria-hidden />;
}

/** The overview's headline figures: reporting this period, catalogues, completion rates, fund evaluations. */
export function KpiCards({ data, loading }: { data: OverviewData | undefined; loading: boolean }) {
  const k = data?.kpis;
  const cat = data?.catalogue;
  const hs = data?.shantytown;
  const rh = data?.ruralHousing;
  const fe = data?.fundEvaluations;
  const none = !loading && !data;
  const busy = loading || none;
  const daysText = cat ? (cat.daysLeft > 0 ? `距截止还有 ${cat.daysLeft} 天` : cat.daysLeft === 0 ? '今天截止' : `已过截止日 ${-cat.daysLeft} 天`) : '';
  return (
    <div className="kpi-grid">
      <KpiCard title={data ? `本期报送 · ${data.period.name}` : '本期报送'} loading={busy} testId="kpi-card-reports">
        {k && data && (
          <>
            <Statistic
              value={k.submitted}
              formatter={() => <V id="kpi-submitted">{k.submitted}</V>}
              suffix={
                <span className="kpi-suffix">
                  / <V id="kpi-expected">{k.expected}</V> 家已报送
                </span>
              }
            />
            <Bar pct={k.submittedPct} color={OI.blue} />
            <div className="kpi-lines">
              <span>
                按时 <V id="kpi-on-time">{k.onTime}</V>
              </span>
              <span>
                逾期报送 <V id="kpi-late">{k.late}</V>
              </span>
              <span className={k.missing ? 'kpi-warn' : undefined}>
                逾期未报 <V id="kpi-missing">{k.missing}</V>
              </span>
              <span>
                待报 <V id="kpi-pending">{k.pending}</V>
              </span>
            </div>
            <Typography.Text type="secondary" className="kpi-foot">
              截止 {formatDateZh(k.due)}
            </Typography.Text>
          </>
        )}
      </KpiCard>

      <KpiCard title="主动公开基本目录编制" loading={busy} testId="kpi-card-catalogue">
        {cat && (
          <>
            <Statistic
              value={cat.done}
              formatter={() => <V id="kpi-catalogue-done">{cat.done}</V>}
              suffix={
                <span className="kpi-suffix">
                  / {cat.total} 家（<V id="kpi-catalogue-pct">{formatPct(cat.pct)}</V>）
                </span>
              }
            />
            <Bar pct={cat.pct} color={OI.green} />
            <div className="kpi-lines">
              <span>按期 {cat.onTime}</span>
              <span>逾期 {cat.late}</span>
            </div>
            <Tag color={cat.daysLeft >= 0 ? 'blue' : cat.done < cat.total ? 'volcano' : 'default'} className="kpi-foot-tag">
              截止 {formatDateZh(cat.deadline)} · <V id="kpi-catalogue-days">{daysText}</V>
            </Tag>
          </>
        )}
      </KpiCard>

      <KpiCard title="棚户区改造完成率" loading={busy} testId="kpi-card-shantytown">
        {hs && (
          <>
            <Statistic value={hs.rate ?? 0} formatter={() => <V id="kpi-shantytown-rate">{hs.rate === null ? '无任务' : formatPct(hs.rate)}</V>} />
            <Bar pct={hs.rate} color={OI.orange} />
            <div className="kpi-lines">
              <span>
                已完成 <V id="kpi-shantytown-completed">{formatInt(hs.completed)}</V> / 计划 {formatInt(hs.planned)} 套
              </span>
            </div>
            <Typography.Text type="secondary" className="kpi-foot">
              {hs.reporting}/{hs.expected} 个县(市、区)有数据
            </Typography.Text>
          </>
        )}
      </KpiCard>

      <KpiCard title="农村危房改造完成率" loading={busy} testId="kpi-card-rural">
        {rh && (
          <>
            <Statistic value={rh.rate ?? 0} formatter={() => <V id="kpi-rural-rate">{rh.rate === null ? '无任务' : formatPct(rh.rate)}</V>} />
            <Bar pct={rh.rate} color={OI.purple} />
            <div className="kpi-lines">
              <span>
                已竣工 <V id="kpi-rural-done">{formatInt(rh.done)}</V> / 任务 {formatInt(rh.task)} 户
              </span>
            </div>
            <Typography.Text type="secondary" className="kpi-foot">
              {rh.reporting}/{rh.expected} 个县(市、区)有数据
            </Typography.Text>
          </>
        )}
      </KpiCard>

      <KpiCard title="资金绩效评价结果公开" loading={busy} testId="kpi-card-funds">
        {fe &&
          (fe.total === 0 ? (
            <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
              县级单位不填报此项（由设区市填报）
            </Typography.Paragraph>
          ) : (
            <>
              <Statistic
                value={fe.published}
                formatter={() => <V id="kpi-fund-published">{fe.published}</V>}
                suffix={<span className="kpi-suffix">/ {fe.total} 项已公开</span>}
              />
              <Bar pct={fe.total ? (fe.published / fe.total) * 100 : null} color={OI.sky} />
              <div className="kpi-lines kpi-lines-col">
                <span>
                  保障性安居工程 {fe.housing.published}/{fe.housing.total}
                </span>
                <span>
                  农村危房改造 {fe.rural.published}/{fe.rural.total}
                </span>
              </div>
            </>
          ))}
      </KpiCard>
    </div>
  );
}
