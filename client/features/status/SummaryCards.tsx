import type { KeyboardEvent } from 'react';
import { Card, Col, Row, Typography } from 'antd';
import type { GridSummary } from './model';
import { formatDateZh } from '../../../shared/dates';

function Figure({ label, value, color }: { label: string; value: number; color?: string }) {
  return (
    <div>
      <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
        {label}
      </Typography.Text>
      <span style={{ fontSize: 18, fontWeight: 600, color }}>{value}</span>
    </div>
  );
}

/** One card per period: expected, submitted, on time, late, missing. Choosing one selects the period below. */
export function SummaryCards({ summary, selected, onSelect }: { summary: GridSummary[]; selected: string | undefined; onSelect: (code: string) => void }) {
  const key = (code: string) => (e: KeyboardEvent) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onSelect(code);
    }
  };
  return (
    <Row gutter={[12, 12]}>
      {summary.map((s) => (
        <Col key={s.periodCode} xs={24} sm={12} xl={6}>
          <Card
            size="small"
            hoverable
            className={`sg-summary-card${selected === s.periodCode ? ' selected' : ''}`}
            title={s.periodName}
            role="button"
            tabIndex={0}
            aria-pressed={selected === s.periodCode}
            aria-label={`${s.periodName}：应报 ${s.expected}，已报 ${s.submitted}，按时 ${s.onTime}，逾期 ${s.late}，未报 ${s.missing}${s.pending ? `，未到期 ${s.pending}` : ''}。选择以查看逾期未报单位`}
            onClick={() => onSelect(s.periodCode)}
            onKeyDown={key(s.periodCode)}
          >
            <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginBottom: 4 }}>
              截止 {formatDateZh(s.due)}
            </Typography.Text>
            <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', justifyContent: 'space-between' }}>
              <Figure label="应报" value={s.expected} />
              <Figure label="已报" value={s.submitted} />
              <Figure label="✓ 按时" value={s.onTime} color="#237804" />
              <Figure label="! 逾期" value={s.late} color={s.late ? '#ad4e00' : undefined} />
              <Figure label="✗ 未报" value={s.missing} color={s.missing ? '#a8071a' : undefined} />
            </div>
            {s.pending > 0 && (
              <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginTop: 4 }}>
                … 另有 {s.pending} 个单位未报送、截止日期未到（含延期）
              </Typography.Text>
            )}
          </Card>
        </Col>
      ))}
    </Row>
  );
}
