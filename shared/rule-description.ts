import { BUDGET_DISCLOSURE_DAYS } from './budget';
import { formatDateZh, isIsoDate } from './dates';
import { effectiveRule, type Indicator, type ReportingLevel, type ScoringRule } from './scheme';
import { fieldLabel } from './validation';
import { annualCellName, annualSources } from './annual-report/indicator-cells';
import { exactDecimal, fromDecimal, mul, rat } from './scoring/rational';

/**
 * The Chinese name of each scoring rule, the one used by the scheme editor, the unit page and the exports.
 * What a rule does is said by `describeRule` below (per indicator, with its own target, deadline and
 * labels); there is no second, generic text per rule kind.
 */
export const RULE_NAMES: Record<ScoringRule, string> = {
  deadline: '按期完成',
  ratio: '完成比率',
  count: '数量达标',
  boolean: '是否完成',
  rollup: '下级汇总',
  manual: '评审打分',
  ledger: '台账任务',
  budget: '预算决算公开',
};

/**
 * How an indicator is scored at a level, in one Chinese sentence — the one description used by the
 * Excel template, the report form, the unit page and the scheme editor. It says what the scoring
 * engine (`shared/scoring/`) does, including its edge cases: without `deductPerMonth` any lateness
 * scores 0; a count's or ratio's target defaults to 1 (100%); a yes/no item needs evidence unless
 * the scheme makes it optional.
 */
export function describeRule(ind: Indicator, level: ReportingLevel, opts: { source?: Indicator } = {}): string {
  const base = describeScoring(ind, level, opts);
  const taken = annualSources(ind, level);
  if (!taken.length) return base;
  return `${base}；${taken.map((t) => `${fieldLabel(ind, t.field)}取自本单位已采纳的政府信息公开工作年度报告${annualCellName(t.cell)}，无需在此填报`).join('；')}`;
}

/**
 * How an indicator is scored, in one line for the scheme editor (its list and the indicator drawer):
 * at the county level and, when the city has its own rule, at the city level too. `indicators` (the
 * scheme's) name a rollup's source.
 */
export function describeIndicator(ind: Indicator, indicators: readonly Indicator[] = []): string {
  const at = (level: ReportingLevel) => {
    const of = effectiveRule(ind, level).of;
    return describeRule(ind, level, { source: of === undefined ? undefined : indicators.find((i) => i.code === of) });
  };
  const county = ind.points.county !== undefined || ind.points.city === undefined ? at('county') : null;
  const city = at('city');
  if (county === null) return city;
  return ind.cityRule && ind.points.city !== undefined ? `${county}；设区市：${city}` : county;
}

function describeScoring(ind: Indicator, level: ReportingLevel, opts: { source?: Indicator }): string {
  const eff = effectiveRule(ind, level);
  const unit = ind.value?.unit ? ` ${ind.value.unit}` : '';
  switch (eff.rule) {
    case 'deadline': {
      if (!ind.deadline || !isIsoDate(ind.deadline)) return '方案未设置有效的截止日期，本项无法得分';
      const late =
        ind.deductPerMonth === undefined
          ? '逾期完成不得分'
          : `每逾期一个月（不足一个月按一个月计）扣 ${decimal(ind.deductPerMonth)} 分，扣完为止`;
      return `${formatDateZh(ind.deadline)}前（含当日）完成得满分；${late}；截至考核日未完成不得分`;
    }
    case 'ratio': {
      const none = ind.fullWhenNone ? '无任务（分母为 0）得满分' : '分母为 0 不得分';
      return `按“${fieldLabel(ind, 'numerator')} ÷ ${fieldLabel(ind, 'denominator')}”计算，达到 ${percentOf(ind.target ?? 1)} 得满分，未达到按比例得分；${none}`;
    }
    case 'count':
      return `达到 ${decimal(ind.target ?? 1)}${unit} 得满分，未达到按比例得分`;
    case 'boolean':
      return ind.evidence === 'optional' ? '填“是”得满分（证明材料可选），否则不得分' : '填“是”并提供证明材料得满分，否则不得分';
    case 'manual':
      return '由审核人员在分值内评分并写明理由';
    case 'rollup': {
      const of = eff.of ?? ind.of ?? '';
      const what = `“${opts.source?.name ?? (of === ind.code ? ind.name : of)}”`;
      if (eff.mode === 'sum-ratio') return `由所辖县(市、区)${what}的数据汇总计算（分子、分母分别求和后相除），无需填报`;
      if (eff.mode === 'share-on-time') {
        return `按所辖县(市、区)中按期完成${what}的单位占全部单位的比例得分${ind.target !== undefined ? `，达到 ${percentOf(ind.target)} 得满分` : ''}，无需填报`;
      }
      return `由所辖县(市、区)${what}的数据汇总计算，无需填报`;
    }
    case 'ledger':
      return `由任务分解台账计算：截至考核日到期的任务按期完成的比例，达到 ${percentOf(ind.target ?? 1)} 得满分，未达到按比例得分，无需填报`;
    case 'budget':
      return `由预算决算公开记录计算：预算、预算调整、决算和“三公”经费须在批复后 ${BUDGET_DISCLOSURE_DAYS} 日内公开（预算法第十四条），截至考核日应公开的事项中按期公开并经厅办公室确认的比例，达到 ${percentOf(ind.target ?? 1)} 得满分，未达到按比例得分${ind.fullWhenNone === false ? '；无应公开事项不得分' : '；无应公开事项得满分'}，无需填报`;
  }
}

/** 2, 2.5 — the scheme's number as written. */
function decimal(x: number): string {
  return exactDecimal(fromDecimal(x), 12) ?? String(x);
}

/** 1 → "100%", 0.955 → "95.5%" (exact, no float noise). */
function percentOf(x: number): string {
  return `${exactDecimal(mul(fromDecimal(x), rat(100n)), 6) ?? String(x * 100)}%`;
}
