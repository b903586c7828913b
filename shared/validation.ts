import { LEVEL_NAMES, type Indicator, type PeriodDef, type ReportingLevel, type Scheme, type ScoringRule } from './scheme';
import { annualSources } from './annual-report/indicator-cells';
import { effectiveRule } from './scheme';
import { hasEvidence, type IndicatorValue, type ReportValues } from './report-values';
import { parsePeriodCode } from './periods';
import { formatDateZh, isIsoDate } from './dates';

/**
 * Validation of the values a unit reports. Pure and exhaustive: every problem is returned at once,
 * each attached to the field it concerns, with a Chinese message that names the field as the scheme
 * labels it.
 *
 * Rules (see the tests for each one):
 * - Only indicators that apply to the level and are reported by the unit itself are checked
 *   (`reportedIndicatorsFor`). A value for an unknown code, for an indicator of the other level, or
 *   for a rollup (computed from child units) is an error.
 * - Numbers must be finite, ≥ 0 and ≤ 10,000,000; numerator, denominator and count must be integers
 *   (extra figures such as 绩效评价得分 may have decimals). numerator ≤ denominator.
 * - Dates must be real 'YYYY-MM-DD' days within the allowed window: from 1 January of the year
 *   before the scheme year (so a 2018 scheme accepts 2017 work, e.g. the provident-fund report for
 *   2017 due by 2018-03-31) up to the report date (nothing can be done in the future).
 * - Evidence URL, when given, must be an absolute http(s) URL (both modes).
 * - 'submit' mode only: every applicable indicator needs its value (ratio: both numbers; count: the
 *   count; boolean: yes or no; deadline: the date may stay empty, meaning "not done yet"), and an
 *   indicator with `evidence: 'required'` needs evidence (URL or file) when its value claims
 *   something (yes, a date, count > 0, numerator > 0).
 * - A cumulative figure (numerator, count) lower than in the unit's previous accepted quarter of the
 *   same year is a warning on that field and requires a note; in 'submit' mode a missing note is an
 *   error on the `note` field instead of the warning.
 * - Fields that the indicator's rule does not use must stay empty; unknown keys are errors.
 */

export type ProblemField = 'date' | 'numerator' | 'denominator' | 'count' | 'yes' | 'evidenceUrl' | 'evidenceFile' | 'note' | 'extra' | '_';

export interface FieldProblem {
  /** Indicator code (or the unknown code found in the values). */
  indicator: string;
  /** The field concerned; '_' for the indicator as a whole. */
  field: ProblemField;
  message: string;
}

/**
 * A problem of a report as every consumer uses it: the tRPC error's fieldErrors, the Excel upload's
 * answer and marked workbook, the report form. `sheet` and `cell` are set when the values came from
 * an uploaded workbook.
 */
export interface ReportProblem extends FieldProblem {
  sheet?: string;
  cell?: string;
}

export interface ValidationResult {
  errors: FieldProblem[];
  warnings: FieldProblem[];
}

export type ValidationMode = 'draft' | 'submit';

/** Upper bound of any reported figure. */
export const MAX_REPORTED_NUMBER = 10_000_000;
export const MAX_URL_LENGTH = 2000;
export const MAX_NOTE_LENGTH = 2000;

/** First day a reported date may fall on: 1 January of the year before the scheme year. */
export function earliestValueDate(schemeYear: number): string {
  return `${schemeYear - 1}-01-01`;
}


type RuleField = 'date' | 'numerator' | 'denominator' | 'count' | 'yes';
const RULE_FIELDS: Record<ScoringRule, readonly RuleField[]> = {
  deadline: ['date'],
  ratio: ['numerator', 'denominator'],
  count: ['count'],
  boolean: ['yes'],
  rollup: [],
  manual: [],
  ledger: [],
  budget: [],
};
const ALL_RULE_FIELDS: readonly RuleField[] = ['date', 'numerator', 'denominator', 'count', 'yes'];
const KNOWN_KEYS = new Set<string>([...ALL_RULE_FIELDS, 'extra', 'evidenceUrl', 'evidenceFile', 'note']);
/** Names for fields an indicator does not use (it has no label for them). */
const GENERIC_LABELS: Record<RuleField, string> = { date: '日期', numerator: '分子', denominator: '分母', count: '数量', yes: '是/否' };
const CUMULATIVE_FIELDS = ['numerator', 'count'] as const;

/** The label of a value field as the scheme names it, with a generic fallback. */
export function fieldLabel(ind: Indicator, field: ProblemField): string {
  switch (field) {
    case 'date':
      return ind.value?.date ?? '完成日期';
    case 'numerator':
      return ind.value?.numerator ?? '分子';
    case 'denominator':
      return ind.value?.denominator ?? '分母';
    case 'count':
      return ind.value?.count ?? '数量';
    case 'yes':
      return `“${ind.name}”是否完成`;
    case 'evidenceUrl':
      return '公开网页链接';
    case 'evidenceFile':
      return '证明文件';
    case 'note':
      return '备注';
    case 'extra':
      return '附加数据';
    case '_':
      return ind.name;
  }
}

function isBlank(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Message for a figure that breaks the type/range rules, or null when it is fine. */
/**
 * What is wrong with a reported number. A `shape` problem (not a number, beyond the storable range)
 * refuses even a draft; a `value` problem (negative, not whole) is only a warning on a web draft.
 */
function numberProblem(v: unknown, label: string, integer: boolean): { message: string; kind: 'shape' | 'value' } | null {
  if (typeof v !== 'number' || !Number.isFinite(v)) return { message: `${label}应填写数字`, kind: 'shape' };
  if (v < 0) return { message: `${label} ${v} 不能为负数`, kind: 'value' };
  if (integer && !Number.isInteger(v)) return { message: `${label} ${v} 应为整数`, kind: 'value' };
  if (v > MAX_REPORTED_NUMBER) return { message: `${label} ${v} 超过上限 ${MAX_REPORTED_NUMBER}`, kind: 'shape' };
  return null;
}

/** Message for an evidence URL that is not an absolute http(s) URL, or null when it is fine. */
export function evidenceUrlProblem(url: unknown): string | null {
  if (typeof url !== 'string') return '公开网页链接格式不正确';
  const s = url.trim();
  if (s.length > MAX_URL_LENGTH) return `公开网页链接过长（最多 ${MAX_URL_LENGTH} 个字符）`;
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(s);
  if (scheme && !/^https?$/i.test(scheme[1])) return '公开网页链接须以 http:// 或 https:// 开头';
  if (!/^https?:\/\/[^\s/?#]/i.test(s) || /\s/.test(s)) return '公开网页链接格式不正确，应形如 https://www.example.gov.cn/…';
  let parsed: URL;
  try {
    parsed = new URL(s);
  } catch {
    return '公开网页链接格式不正确，应形如 https://www.example.gov.cn/…';
  }
  if (!parsed.hostname || parsed.username || parsed.password) return '公开网页链接格式不正确，应形如 https://www.example.gov.cn/…';
  return null;
}

/** An uploaded file is referenced by its content hash: no paths, no spaces. */
const EVIDENCE_FILE_RE = /^[A-Za-z0-9][A-Za-z0-9_:-]{0,127}$/;

export interface IndicatorValueInput {
  indicator: Indicator;
  level: ReportingLevel;
  /** Scheme year; bounds the date window. */
  year: number;
  value: IndicatorValue | null | undefined;
  /** The day the report is filled in or submitted ('YYYY-MM-DD'); no date may be later. */
  reportDate: string;
  /** The same indicator in the unit's previous accepted quarter of the same year. */
  previous?: IndicatorValue | null;
  mode: ValidationMode;
  /**
   * A draft keeps a value that can be stored but not submitted (a date out of range, more done than
   * planned, a negative figure, a malformed link) and shows it as a warning; with `strictValues` such
   * a value refuses the draft too (an Excel upload: a workbook with a problem stores nothing).
   */
  strictValues?: boolean;
}

/**
 * Where one indicator's problems go. A class rather than closures made per call: this runs for every
 * indicator of every report saved (closures cost a name-keeping call each under tsx, docs/performance.md).
 */
class Problems {
  readonly errors: FieldProblem[] = [];
  readonly warnings: FieldProblem[] = [];
  private readonly code: string;
  /** Submission, or a strict draft (an Excel upload). */
  private readonly strict: boolean;
  constructor(code: string, strict: boolean) {
    this.code = code;
    this.strict = strict;
  }
  err(field: ProblemField, message: string): void {
    this.errors.push({ indicator: this.code, field, message });
  }
  warn(field: ProblemField, message: string): void {
    this.warnings.push({ indicator: this.code, field, message });
  }
  /** A value that can be stored but not submitted: an error on submission (or strictly), a warning on a draft. */
  invalid(field: ProblemField, message: string): void {
    if (this.strict) this.err(field, message);
    else this.warn(field, message);
  }
  /** A number that cannot be stored refuses even a draft; one that breaks a rule is `invalid`. */
  number(field: ProblemField, problem: { message: string; kind: 'shape' | 'value' }): void {
    if (problem.kind === 'shape') this.err(field, problem.message);
    else this.invalid(field, problem.message);
  }
}

/** Validates one indicator's field set; for the web form's per-field problems. */
export function validateIndicatorValue(input: IndicatorValueInput): ValidationResult {
  const { indicator: ind, level, year, reportDate, mode } = input;
  if (!isIsoDate(reportDate)) throw new RangeError(`填报日期 ${JSON.stringify(reportDate)} 不是有效的 YYYY-MM-DD 日期`);
  const code = ind.code;
  const p = new Problems(code, mode === 'submit' || Boolean(input.strictValues));
  const { errors, warnings } = p;

  const value: unknown = input.value;
  const present = value !== null && value !== undefined;
  if (ind.points[level] === undefined) {
    if (present) p.err('_', `指标 ${code}（${ind.name}）不适用于${LEVEL_NAMES[level]}，无需填报`);
    return { errors, warnings };
  }
  const rule = effectiveRule(ind, level).rule;
  if (rule === 'rollup') {
    if (present) p.err('_', `指标 ${code}（${ind.name}）由所辖县(市、区)的数据汇总计算，无需填报`);
    return { errors, warnings };
  }
  if (rule === 'ledger' || rule === 'budget') {
    if (present) p.err('_', `指标 ${code}（${ind.name}）由${rule === 'ledger' ? '任务分解台账' : '预算决算公开记录'}计算，无需填报`);
    return { errors, warnings };
  }
  if (present && !isPlainObject(value)) {
    p.err('_', `指标 ${code} 的填报内容格式不正确`);
    return { errors, warnings };
  }
  const v: Record<string, unknown> = isPlainObject(value) ? value : {};
  const used = RULE_FIELDS[rule];
  const fromAnnual = new Set<string>(annualSources(ind, level).map((a) => a.field));

  for (const key of Object.keys(v)) {
    if (!KNOWN_KEYS.has(key)) p.err('_', `未知填报项 ${key}`);
  }
  for (const f of ALL_RULE_FIELDS) {
    if (!used.includes(f) && !isBlank(v[f])) p.err(f, `本指标不填报${GENERIC_LABELS[f]}`);
  }

  // Values of the fields the rule uses; `valid` keeps only those that passed their own checks.
  const valid: { numerator?: number; denominator?: number; count?: number; date?: string; yes?: boolean } = {};
  for (const f of used) {
    const raw = v[f];
    const label = fieldLabel(ind, f);
    if (isBlank(raw)) {
      // A field the scheme takes from the annual report need not be reported here.
      if (mode === 'submit' && !fromAnnual.has(f)) {
        if (f === 'yes') p.err(f, `请选择${label}`);
        else if (f !== 'date') p.err(f, `请填写${label}`);
      }
      continue;
    }
    if (f === 'date') {
      if (!isIsoDate(raw)) {
        p.err(f, typeof raw === 'string' ? `${label} ${raw} 不是有效日期，应为 YYYY-MM-DD` : `${label}格式不正确，应为 YYYY-MM-DD`);
      } else if (raw > reportDate) {
        p.invalid(f, `${label} ${formatDateZh(raw)} 晚于填报日期 ${formatDateZh(reportDate)}`);
      } else if (raw < earliestValueDate(year)) {
        p.invalid(f, `${label} ${formatDateZh(raw)} 早于 ${formatDateZh(earliestValueDate(year))}，不在可填报范围内`);
      } else valid.date = raw;
    } else if (f === 'yes') {
      if (typeof raw !== 'boolean') p.err(f, `${label}应选择“是”或“否”`);
      else valid.yes = raw;
    } else {
      const problem = numberProblem(raw, label, true);
      if (problem) p.number(f, problem);
      else valid[f] = raw as number;
    }
  }
  if (valid.numerator !== undefined && valid.denominator !== undefined && valid.numerator > valid.denominator) {
    p.invalid('numerator', `${fieldLabel(ind, 'numerator')} ${valid.numerator} 大于${fieldLabel(ind, 'denominator')} ${valid.denominator}`);
  }

  checkExtra(ind, v.extra, p);

  if (!isBlank(v.evidenceUrl)) {
    const problem = evidenceUrlProblem(v.evidenceUrl);
    // A link that is not text or too long cannot be kept; a malformed one can, until submission.
    if (problem && (typeof v.evidenceUrl !== 'string' || v.evidenceUrl.trim().length > MAX_URL_LENGTH)) p.err('evidenceUrl', problem);
    else if (problem) p.invalid('evidenceUrl', problem);
  }
  if (!isBlank(v.evidenceFile) && (typeof v.evidenceFile !== 'string' || !EVIDENCE_FILE_RE.test(v.evidenceFile.trim()))) {
    p.err('evidenceFile', '证明文件标识格式不正确，请重新上传');
  }
  const noteGiven = typeof v.note === 'string' && v.note.trim() !== '';
  if (!isBlank(v.note)) {
    if (typeof v.note !== 'string') p.err('note', '备注格式不正确');
    else if (v.note.length > MAX_NOTE_LENGTH) p.err('note', `备注过长（最多 ${MAX_NOTE_LENGTH} 个字符）`);
  }

  const claims = valid.yes === true || valid.date !== undefined || (valid.count ?? 0) > 0 || (valid.numerator ?? 0) > 0;
  if (mode === 'submit' && ind.evidence === 'required' && claims && !hasEvidence(v as IndicatorValue)) {
    p.err('evidenceUrl', `“${ind.name}”须提供证明材料：公开网页链接或上传文件`);
  }

  const prev: unknown = input.previous;
  if (isPlainObject(prev)) {
    for (const f of CUMULATIVE_FIELDS) {
      const cur = valid[f];
      const before = prev[f];
      if (cur === undefined || typeof before !== 'number' || !Number.isFinite(before) || cur >= before) continue;
      const what = `${fieldLabel(ind, f)} ${cur} 低于上一季度已受理的 ${before}`;
      if (noteGiven) p.warn(f, `${what}（已在备注中说明原因）`);
      else if (mode === 'submit') p.err('note', `${what}，须在备注中说明原因`);
      else p.warn(f, `${what}，须在备注中说明原因`);
    }
  }
  return { errors, warnings };
}

function checkExtra(ind: Indicator, extra: unknown, p: Problems): void {
  if (extra === null || extra === undefined) return;
  if (!isPlainObject(extra)) {
    p.err('extra', '附加数据格式不正确');
    return;
  }
  const labels = ind.extra ?? {};
  for (const [key, raw] of Object.entries(extra)) {
    const label = Object.hasOwn(labels, key) ? labels[key] : undefined;
    if (label === undefined) {
      p.err('extra', `未知的附加数据项 ${key}`);
      continue;
    }
    if (raw === null || raw === undefined) continue;
    const problem = numberProblem(raw, label, false);
    if (problem) p.number('extra', problem);
  }
}

export interface ValidateReportInput {
  scheme: Scheme;
  level: ReportingLevel;
  period: PeriodDef;
  values: ReportValues;
  /** The day the report is filled in or submitted ('YYYY-MM-DD'). */
  reportDate: string;
  /** Values of the unit's previous accepted quarter of the same year (ignored for a first quarter). */
  previous?: ReportValues | null;
  mode: ValidationMode;
  /** See `IndicatorValueInput.strictValues`. */
  strictValues?: boolean;
}

/**
 * Validates a whole report. Problems come in the scheme's indicator order, then those about codes
 * the scheme does not know. Throws RangeError on caller mistakes (a period of another year, a
 * malformed report date), never on user input.
 */
export function validateReport(input: ValidateReportInput): ValidationResult {
  const { scheme, level, period, reportDate, mode } = input;
  const pc = parsePeriodCode(period.code);
  if (!pc || pc.year !== scheme.year) throw new RangeError(`期次 ${period.code} 不属于 ${scheme.year} 年度考核方案`);
  const values: Record<string, unknown> = isPlainObject(input.values) ? input.values : {};
  // A first quarter has no earlier quarter in the same year to compare with.
  const previous: Record<string, unknown> = pc.quarter > 1 && isPlainObject(input.previous) ? input.previous : {};

  const errors: FieldProblem[] = [];
  const warnings: FieldProblem[] = [];
  const known = new Set<string>();
  for (const ind of scheme.indicators) {
    known.add(ind.code);
    const has = Object.hasOwn(values, ind.code);
    const prev = Object.hasOwn(previous, ind.code) ? previous[ind.code] : undefined;
    const r = validateIndicatorValue({
      indicator: ind,
      level,
      year: scheme.year,
      // An own key holding null/undefined still counts as sent, so a stray key for a rollup is caught.
      value: has ? ((values[ind.code] ?? {}) as IndicatorValue) : undefined,
      reportDate,
      previous: isPlainObject(prev) ? (prev as IndicatorValue) : null,
      mode,
      strictValues: input.strictValues,
    });
    errors.push(...r.errors);
    warnings.push(...r.warnings);
  }
  for (const code of Object.keys(values)) {
    if (!known.has(code)) errors.push({ indicator: code, field: '_', message: `指标代码 ${code} 不在${scheme.year}年度考核指标中` });
  }
  return { errors, warnings };
}

export type FieldMessages = Record<string, Partial<Record<ProblemField, string>>>;

/**
 * `{ [indicatorCode]: { [field]: message } }` for forms; several messages on one field are joined
 * with '；'.
 */
export function problemsByField(problems: readonly FieldProblem[]): FieldMessages {
  const out: FieldMessages = {};
  for (const p of problems) {
    const forIndicator = (out[p.indicator] ??= {});
    const prev = forIndicator[p.field];
    forIndicator[p.field] = prev ? `${prev}；${p.message}` : p.message;
  }
  return out;
}

// A type alias, not an interface: zod's `ctx.addIssue` wants a value assignable to Record<string, unknown>.
export type ZodCustomIssue = {
  code: 'custom';
  message: string;
  path: (string | number)[];
};

/**
 * Problems as zod custom issues, for `.superRefine((v, ctx) => toZodIssues(problems, ['values']).forEach((i) => ctx.addIssue(i)))`.
 * The path is basePath + indicator code + field ('_' problems stop at the indicator).
 */
export function toZodIssues(problems: readonly FieldProblem[], basePath: readonly (string | number)[] = []): ZodCustomIssue[] {
  return problems.map((p) => ({
    code: 'custom',
    message: p.message,
    path: p.field === '_' ? [...basePath, p.indicator] : [...basePath, p.indicator, p.field],
  }));
}
