import { defaultDueDate, parsePeriodCode, periodLabel, quarterEnd } from '../../../shared/periods';
import type { Indicator, PeriodDef, ReportingLevel, RollupMode, Scheme, SchemeProblem, ScoringRule } from '../../../shared/scheme';
import { daysInMonth } from '../../../shared/dates';


export const MODE_NAMES: Record<RollupMode, string> = {
  'sum-ratio': '分子分母汇总',
  'share-on-time': '按期完成率',
};

export const LEVEL_NAMES: Record<ReportingLevel, string> = { city: '设区市', county: '县(市、区)', division: '厅机关处室' };

export const EVIDENCE_NAMES: Record<'required' | 'optional', string> = { required: '必须提供', optional: '可选' };

/** Sum of a level's points in exact hundredths (33.3 + 33.3 + 33.4 = 100). */
export function levelTotal(indicators: Indicator[], level: ReportingLevel): number {
  return indicators.reduce((acc, i) => acc + Math.round((i.points[level] ?? 0) * 100), 0) / 100;
}

/** Problems at a path or below it ('indicators.3' matches 'indicators.3.points.city'). */
export function problemsAt(problems: SchemeProblem[], path: string): SchemeProblem[] {
  return problems.filter((p) => p.path === path || p.path.startsWith(`${path}.`));
}

/** Problems exactly at one of the paths. */
export function problemsExactly(problems: SchemeProblem[], ...paths: string[]): SchemeProblem[] {
  return problems.filter((p) => paths.includes(p.path));
}

/** Where in the page a problem is, for the list above the save button. */
export function problemPlace(scheme: Scheme, path: string): string {
  const [head, idx] = path.split('.');
  const n = Number(idx);
  switch (head) {
    case 'title':
    case 'year':
    case 'disclosureWeight':
    case 'minDisclosureWeight':
      return '基本信息';
    case 'grades':
      return Number.isInteger(n) ? `等级第 ${n + 1} 行` : '等级';
    case 'periods':
      return Number.isInteger(n) && scheme.periods[n] ? `期次 ${scheme.periods[n].code}` : '期次';
    case 'groups':
      return '指标分组';
    case 'indicators':
      return Number.isInteger(n) && scheme.indicators[n] ? `指标 ${scheme.indicators[n].code || `第 ${n + 1} 项`}` : '指标';
    case 'points':
      return '分值合计';
    default:
      return '方案';
  }
}

/** Server field paths are relative to the procedure input ('scheme.disclosureWeight'). */
export function fromServerPath(path: string): string {
  if (path === 'scheme') return '';
  return path.startsWith('scheme.') ? path.slice('scheme.'.length) : path;
}

/** Percent shown for a weight without binary noise: 0.07 → 7. */
export function weightToPercent(w: number): number {
  return Number((w * 100).toFixed(4));
}

export function percentToWeight(p: number): number {
  return Number((p / 100).toFixed(6));
}

/** The next quarter not yet in the scheme, with the plan's default dates; null when all four exist. */
export function nextPeriod(scheme: Scheme): PeriodDef | null {
  const have = new Set(scheme.periods.map((p) => parsePeriodCode(p.code)?.quarter).filter((q) => q !== undefined));
  const quarter = ([1, 2, 3, 4] as const).find((q) => !have.has(q));
  if (!quarter) return null;
  const code = `${scheme.year}Q${quarter}`;
  const end = quarterEnd(code);
  const due = defaultDueDate(code);
  return {
    code,
    name: periodLabel(code),
    opens: `${end.slice(0, 8)}20`,
    due,
    locks: lastDayOfMonth(due),
  };
}

/** '2018-04-10' → '2018-04-30' (the plan's default lock date: the end of the due date's month). */
function lastDayOfMonth(iso: string): string {
  const day = daysInMonth(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)));
  return `${iso.slice(0, 8)}${String(day).padStart(2, '0')}`;
}

export function blankIndicator(scheme: Scheme, group: string): Indicator {
  const codes = new Set(scheme.indicators.map((i) => i.code));
  let n = scheme.indicators.filter((i) => i.group === group).length + 1;
  while (codes.has(`${group}-${String(n).padStart(2, '0')}`)) n += 1;
  return { code: `${group}-${String(n).padStart(2, '0')}`, group, name: '', rule: 'boolean', evidence: 'required', points: {} };
}

/** Inserts an indicator after the last one of its group (the order is the scheme's order). */
export function insertIndicator(indicators: Indicator[], ind: Indicator, groupOrder: string[]): Indicator[] {
  const rank = (g: string) => {
    const i = groupOrder.indexOf(g);
    return i < 0 ? groupOrder.length : i;
  };
  let at = indicators.length;
  for (let i = 0; i < indicators.length; i += 1) {
    if (rank(indicators[i].group) > rank(ind.group)) {
      at = i;
      break;
    }
  }
  return [...indicators.slice(0, at), ind, ...indicators.slice(at)];
}

/** Drops keys whose value is undefined, so the draft compares equal to what the server returns. */
export function clean<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** When the rule changes, drops what only the old rule used (so the definition stays tidy). */
export function withRule(ind: Indicator, rule: ScoringRule): Indicator {
  const next: Indicator = { ...ind, rule };
  if (rule !== 'deadline') {
    delete next.deadline;
    delete next.deductPerMonth;
  }
  if (rule !== 'ratio' && rule !== 'count') delete next.target;
  if (rule !== 'ratio') delete next.fullWhenNone;
  if (rule !== 'rollup') {
    delete next.of;
    delete next.mode;
  }
  if (rule === 'rollup') delete next.cityRule;
  // Another rule reads other fields: a mapping to annual-report cells does not carry over.
  if (rule !== ind.rule) delete next.annual;
  if (ind.value) {
    const keep: Record<ScoringRule, (keyof NonNullable<Indicator['value']>)[]> = {
      deadline: ['date'],
      ratio: ['numerator', 'denominator', 'unit'],
      count: ['count', 'unit'],
      boolean: [],
      rollup: [],
      manual: [],
      ledger: [],
      budget: [],
    };
    const value = Object.fromEntries(Object.entries(ind.value).filter(([k]) => (keep[rule] as string[]).includes(k)));
    if (Object.keys(value).length) next.value = value;
    else delete next.value;
  }
  return next;
}

const FIELD_LABELS: Record<string, string> = { title: '方案名称', name: '名称', code: '代码', group: '所属分组', of: '汇总来源指标' };

/**
 * `validateScheme` reports shape errors with zod's generic wording ("数值过小：期望 string >=1 字符");
 * an empty required text field reads better as "名称不能为空".
 */
export function friendlyProblems(problems: SchemeProblem[]): SchemeProblem[] {
  return problems.map((p) => {
    const last = p.path.split('.').pop() ?? '';
    const label = FIELD_LABELS[last];
    if (label && /string\s*>=\s*1/.test(p.message)) return { ...p, message: `${label}不能为空` };
    return p;
  });
}
