import { Tag, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, MinusOutlined } from '@ant-design/icons';
import { formatCents, toFixedHalfUp } from '../../../shared/format';
import { chinaDateOf, formatDateZh } from '../../../shared/dates';

/** Grade tag colours; the grade's name is always written too, so colour is never the only cue. */
const GRADE_COLORS: Record<string, string> = { 优秀: 'green', 良好: 'blue', 合格: 'gold', 不合格: 'red' };

export function GradeTag({ grade }: { grade: string | null }) {
  if (!grade) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Tag color={GRADE_COLORS[grade] ?? 'default'} style={{ marginInlineEnd: 0 }}>
      {grade}
    </Tag>
  );
}

/** ± cents with an arrow and the signed figure ('+1.20'); '—' when there is nothing to compare with. */
export function ChangeText({ cents, what }: { cents: number | null; what: string }) {
  if (cents === null || cents === undefined) {
    return (
      <Typography.Text type="secondary" aria-label={`${what}：无可比数据`}>
        —
      </Typography.Text>
    );
  }
  if (cents === 0) {
    return (
      <Typography.Text type="secondary" aria-label={`${what}持平`}>
        <MinusOutlined /> 0.00
      </Typography.Text>
    );
  }
  const up = cents > 0;
  return (
    <Typography.Text type={up ? 'success' : 'danger'} aria-label={`${what}${up ? '上升' : '下降'} ${formatCents(Math.abs(cents))} 分`}>
      {up ? <ArrowUpOutlined /> : <ArrowDownOutlined />} {signedCents(cents)}
    </Typography.Text>
  );
}

/** 120 → '+1.20', -50 → '-0.50', 0 → '0.00'. */
export function signedCents(cents: number): string {
  return cents > 0 ? `+${formatCents(cents)}` : formatCents(cents);
}

/** 0.04 → '4%'; 0.045 → '4.5%'. */
export function weightPercent(w: number): string {
  const s = toFixedHalfUp(w * 100, 2).replace(/\.?0+$/, '');
  return `${s}%`;
}

/** 'S × 4% = 3.50' for the contribution tooltip. */
export function contributionText(S: number, weight: number, contribution: number): string {
  return `${formatCents(S)} × ${weightPercent(weight)} = ${formatCents(contribution)}`;
}

/** '2019-02-01T02:00:00Z' → '2019年2月1日' (China calendar day). */
export function publishedDate(iso: string): string {
  try {
    return formatDateZh(chinaDateOf(iso));
  } catch {
    return iso;
  }
}
