import type { RouterOutputs } from '../../../server/root';
import type { IndicatorValue, ReportValues } from '../../../shared/report-values';
import { effectiveRule, reportedIndicatorsFor, type Indicator, type ReportingLevel, type ScoringRule } from '../../../shared/scheme';
import { fieldLabel, type FieldMessages, type ProblemField } from '../../../shared/validation';
import { formatPercent } from '../../../shared/format';
import type { PeriodStatus, TimelinessStatus } from '../../../shared/periods';
import { formatDateZh } from '../../../shared/dates';

/** What `reports.get` returns: everything one unit × period form needs. */
export type ReportData = RouterOutputs['reports']['get'];
export type ReportFlag = ReportData['flags'][number];
export type ReportHistoryEntry = ReportData['history'][number];

export const STATUS_COLORS: Record<string, string> = {
  draft: 'default',
  submitted: 'processing',
  approved: 'cyan',
  accepted: 'success',
  returned: 'error',
};

export const PERIOD_STATUS_NAMES: Record<PeriodStatus, string> = {
  'not-open': '未开始',
  open: '填报中',
  overdue: '已过截止日期',
  locked: '已锁定',
};

export const ACTION_NAMES: Record<ReportHistoryEntry['action'], string> = {
  submit: '报送',
  approve: '审核通过',
  accept: '采纳',
  return: '退回',
  reopen: '重新开放',
};

export const ACTION_COLORS: Record<ReportHistoryEntry['action'], string> = {
  submit: 'blue',
  approve: 'cyan',
  accept: 'green',
  return: 'red',
  reopen: 'orange',
};

/** '六' → '第六条'; '二、十四' → '第二、十四条'. */
export function clauseText(clause: string | undefined): string {
  return clause ? `第${clause}条` : '';
}

/** The rule an indicator is reported by at this level. */
export function ruleOf(ind: Indicator, level: ReportingLevel): ScoringRule {
  return effectiveRule(ind, level).rule;
}

/** How the indicator is scored, in one line. */
export function scoringHint(ind: Indicator, level: ReportingLevel): string {
  const unit = ind.value?.unit ?? '';
  switch (ruleOf(ind, level)) {
    case 'deadline':
      return `${formatDateZh(ind.deadline)}前完成得满分${ind.deductPerMonth ? `，每逾期一个月扣 ${ind.deductPerMonth} 分` : ''}；未完成不得分`;
    case 'ratio':
      return `按完成率计分（目标 ${formatPercent(ind.target ?? 1, 0)}）${ind.fullWhenNone ? '；无任务时得满分' : ''}`;
    case 'count':
      return `目标 ${ind.target ?? '—'} ${unit}，按完成数量比例计分`;
    case 'boolean':
      return '完成并提供证明材料得满分';
    case 'manual':
      return '由审核人员评分';
    case 'rollup':
      return '由所辖县(市、区)数据汇总计算';
  }
}

/** Indicators this level reports itself, grouped in scheme order. Empty groups are left out. */
export function groupedIndicators(data: Pick<ReportData, 'indicators' | 'groups'>, level: ReportingLevel) {
  const reported = reportedIndicatorsFor(data, level);
  return data.groups
    .map((g) => ({ group: g, indicators: reported.filter((i) => i.group === g.code) }))
    .filter((g) => g.indicators.length > 0);
}

function blank(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

/** One value without blank fields; null when nothing is left. */
export function cleanValue(v: IndicatorValue | undefined): IndicatorValue | null {
  if (!v) return null;
  const out: IndicatorValue = {};
  for (const [k, raw] of Object.entries(v) as [keyof IndicatorValue, unknown][]) {
    if (k === 'extra') {
      const extra = Object.fromEntries(Object.entries(v.extra ?? {}).filter(([, x]) => x !== null && x !== undefined));
      if (Object.keys(extra).length) out.extra = extra;
    } else if (!blank(raw)) {
      (out as Record<string, unknown>)[k] = typeof raw === 'string' ? raw.trim() : raw;
    }
  }
  return Object.keys(out).length ? out : null;
}

/** Values of the given indicators only, blanks dropped: what is sent to the server. */
export function cleanValues(values: ReportValues, codes: readonly string[]): ReportValues {
  const out: ReportValues = {};
  for (const code of codes) {
    const v = cleanValue(values[code]);
    if (v) out[code] = v;
  }
  return out;
}

/** A key that is equal for equal values whatever the order of their fields. */
export function stableKey(values: ReportValues): string {
  const sortDeep = (x: unknown): unknown =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(
          Object.entries(x as Record<string, unknown>)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([k, v]) => [k, sortDeep(v)]),
        )
      : x;
  return JSON.stringify(sortDeep(values));
}

/** The server's report problems (each naming its indicator and field) as per-field messages; the rest as general ones. */
export function serverFieldMessages(errors: readonly { message: string; indicator?: string; field?: string }[]): { byField: FieldMessages; general: string[] } {
  const byField: FieldMessages = {};
  const general: string[] = [];
  for (const e of errors) {
    if (!e.indicator) {
      general.push(e.message);
      continue;
    }
    const f = (e.field ?? '_') as ProblemField;
    const forIndicator = (byField[e.indicator] ??= {});
    forIndicator[f] = forIndicator[f] ? `${forIndicator[f]}；${e.message}` : e.message;
  }
  return { byField, general };
}

export function mergeMessages(...sources: (FieldMessages | undefined)[]): FieldMessages {
  const out: FieldMessages = {};
  for (const src of sources) {
    if (!src) continue;
    for (const [code, fields] of Object.entries(src)) {
      const target = (out[code] ??= {});
      for (const [f, msg] of Object.entries(fields) as [ProblemField, string][]) {
        if (!msg) continue;
        const prev = target[f];
        target[f] = prev && prev !== msg && !prev.includes(msg) ? `${prev}；${msg}` : (prev ?? msg);
      }
    }
  }
  return out;
}

export function ratioText(num: number | null | undefined, den: number | null | undefined, fullWhenNone?: boolean): string {
  if (typeof num !== 'number' || typeof den !== 'number') return '';
  if (den === 0) return fullWhenNone ? '无任务（按满分计）' : '分母为 0';
  return formatPercent(num / den);
}

export interface ValueLine {
  field: ProblemField | `extra.${string}`;
  label: string;
  text: string;
}

/** A value as labelled lines of text, for read-only display and version comparison. */
export function valueLines(ind: Indicator, level: ReportingLevel, v: IndicatorValue | undefined, opts: { includeEmpty?: boolean } = {}): ValueLine[] {
  const unit = ind.value?.unit ? ` ${ind.value.unit}` : '';
  const num = (x: number | null | undefined) => (typeof x === 'number' ? `${x}${unit}` : '');
  const lines: ValueLine[] = [];
  switch (ruleOf(ind, level)) {
    case 'deadline':
      lines.push({ field: 'date', label: fieldLabel(ind, 'date'), text: v?.date ? formatDateZh(v.date) : '未完成' });
      break;
    case 'ratio': {
      lines.push({ field: 'numerator', label: fieldLabel(ind, 'numerator'), text: num(v?.numerator) });
      lines.push({ field: 'denominator', label: fieldLabel(ind, 'denominator'), text: num(v?.denominator) });
      const pct = ratioText(v?.numerator, v?.denominator, ind.fullWhenNone);
      if (pct) lines.push({ field: '_', label: '完成率', text: pct });
      break;
    }
    case 'count':
      lines.push({ field: 'count', label: fieldLabel(ind, 'count'), text: num(v?.count) });
      break;
    case 'boolean':
      lines.push({ field: 'yes', label: '是否完成', text: v?.yes === true ? '是' : v?.yes === false ? '否' : '' });
      break;
    default:
      break;
  }
  for (const [key, label] of Object.entries(ind.extra ?? {})) {
    const x = v?.extra?.[key];
    lines.push({ field: `extra.${key}`, label, text: typeof x === 'number' ? String(x) : '' });
  }
  lines.push({ field: 'evidenceUrl', label: '公开网页链接', text: v?.evidenceUrl ?? '' });
  lines.push({ field: 'evidenceFile', label: '证明文件', text: v?.evidenceFile ?? '' });
  lines.push({ field: 'note', label: '备注', text: v?.note ?? '' });
  return opts.includeEmpty ? lines : lines.filter((l) => l.text !== '');
}

export const TIMELINESS_TAGS: Record<TimelinessStatus, { color: string; text: (days: number) => string }> = {
  'on-time': { color: 'success', text: () => '按时' },
  late: { color: 'warning', text: (d) => `逾期 ${d} 天` },
  missing: { color: 'error', text: (d) => `未报送（已逾期 ${d} 天）` },
  pending: { color: 'default', text: () => '未报送' },
};

/** URL of an uploaded evidence file. */
export function evidenceHref(hash: string): string {
  return `/api/evidence/${encodeURIComponent(hash)}`;
}
