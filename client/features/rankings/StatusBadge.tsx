import { Tag, Tooltip } from 'antd';
import { publishedDate } from './format';
import type { Publication, ViewStatus } from './types';
import { formatDateTimeZh } from '../../../shared/dates';

/**
 * Which result the page shows: the office's live draft, a published version, or a quarter's
 * progress view (never official).
 */
export function StatusBadge(props: { status: ViewStatus; publication: Publication | null; periodName?: string }) {
  const { status, publication } = props;
  if (status === 'draft') {
    return (
      <Tooltip title="厅办公室实时计算的草稿，尚未发布；各单位和厅领导看不到">
        <Tag color="orange" data-testid="status-badge" tabIndex={0}>
          草稿（未发布）
        </Tag>
      </Tooltip>
    );
  }
  if (status === 'progress') {
    return (
      <Tooltip title="按截至该期次的最新报告计算，仅供掌握进度，不作为考核结果">
        <Tag color="blue" data-testid="status-badge" tabIndex={0}>
          进度（非正式）{props.periodName ? ` · ${props.periodName}` : ''}
        </Tag>
      </Tooltip>
    );
  }
  if (status === 'published' && publication) {
    const by = publication.publishedBy ? `，发布人：${publication.publishedBy}` : '';
    const why = publication.reason ? `；重新发布理由：${publication.reason}` : '';
    return (
      <Tooltip title={`发布时间：${formatDateTimeZh(publication.publishedAt)}${by}${why}`}>
        <Tag color="green" data-testid="status-badge" tabIndex={0}>
          已发布 第{publication.version}版（{publishedDate(publication.publishedAt)}）
        </Tag>
      </Tooltip>
    );
  }
  return (
    <Tag color="default" data-testid="status-badge" tabIndex={0}>
      尚未发布
    </Tag>
  );
}
