import { Typography } from 'antd';
import { KIND_LEGEND } from './model';

/** What the cell colours and symbols mean. */
export function Legend() {
  return (
    <div className="sg-legend" role="list" aria-label="图例">
      {KIND_LEGEND.map((k) => (
        <div key={k.kind} role="listitem" style={{ display: 'flex', alignItems: 'center', gap: 6 }}>
          <span className={`sg-cell sg-${k.kind}`}>
            <span className="sg-symbol" aria-hidden>
              {k.symbol}
            </span>
            <span className="sg-label">{k.label}</span>
          </span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {k.meaning}
          </Typography.Text>
        </div>
      ))}
      <Typography.Text type="secondary" style={{ fontSize: 12, alignSelf: 'center' }}>
        格内小字为报告状态（草稿 / 已报送 / 市级已审核 / 已采纳 / 已退回）；点击有报告的格子可查看报告。
      </Typography.Text>
    </div>
  );
}
