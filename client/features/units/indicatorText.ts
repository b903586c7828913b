import { toFixedHalfUp } from '../../../shared/format';
import type { IndicatorResult, SchemeIndicator } from './types';
import { formatDateZh } from '../../../shared/dates';
import { describeRule, RULE_NAMES } from '../../../shared/rule-description';


/** A reported figure as typed: 12, 2.5 (at most 4 decimals, no float noise). */
export function figureText(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return toFixedHalfUp(n, 4).replace(/0+$/, '').replace(/\.$/, '');
}

function qty(n: number, unit: string | undefined): string {
  return unit ? `${figureText(n)} ${unit}` : figureText(n);
}

/**
 * The rule in words (`describeRule`, the one description). The result's rule tells the level: a
 * county indicator scored as a rollup is the city's view of it.
 */
export function ruleDetail(ind: IndicatorResult, def: SchemeIndicator | undefined, source: SchemeIndicator | undefined): string {
  if (!def) return RULE_NAMES[ind.rule];
  const level = ind.rule === 'rollup' && def.rule !== 'rollup' ? 'city' : 'county';
  return describeRule(def, level, { source });
}

/** The figures a score used, with the scheme's labels and units; lines to show one under another. */
export function valueLines(ind: IndicatorResult, def: SchemeIndicator | undefined, source: SchemeIndicator | undefined): string[] {
  const v = ind.values;
  const labelsFrom = ind.rule === 'rollup' ? (source ?? def) : def;
  const unit = labelsFrom?.value?.unit;
  const numLabel = labelsFrom?.value?.numerator ?? '分子';
  const denLabel = labelsFrom?.value?.denominator ?? '分母';
  const has = (x: number | null | undefined): x is number => x !== null && x !== undefined;
  switch (ind.rule) {
    case 'deadline':
      return [v.date ? `${labelsFrom?.value?.date ?? '完成日期'}：${formatDateZh(v.date)}` : '未填报完成日期'];
    case 'count':
      return [has(v.count) ? `${labelsFrom?.value?.count ?? '数量'}：${qty(v.count, unit)}` : '未填报'];
    case 'boolean':
      return [v.yes === true ? '已完成' : v.yes === false ? '未完成' : '未填报'];
    case 'manual':
      return [has(v.manualScore) ? `评审得分：${figureText(v.manualScore)} 分` : '尚未评分'];
    case 'ratio':
    case 'rollup': {
      if (ind.mode === 'share-on-time' || (has(v.met) && has(v.total))) {
        return has(v.total) ? [`按期完成：${v.met ?? 0} 个`, `下级单位：共 ${v.total} 个`] : ['无可计入的数据'];
      }
      const lines: string[] = [];
      if (has(v.numerator)) lines.push(`${ind.rule === 'rollup' ? '合计' : ''}${numLabel}：${qty(v.numerator, unit)}`);
      if (has(v.denominator)) lines.push(`${ind.rule === 'rollup' ? '合计' : ''}${denLabel}：${qty(v.denominator, unit)}`);
      return lines.length ? lines : [ind.rule === 'rollup' ? '无可计入的数据' : '未填报'];
    }
    case 'ledger':
      return [`按期完成：${v.met ?? 0} 项`, `到期任务：共 ${v.total ?? 0} 项`];
    case 'budget':
      return [`按期公开：${v.met ?? 0} 项`, `应公开事项：共 ${v.total ?? 0} 项`];
  }
}

/** A rollup child's own figures. */
export function childValue(c: { numerator?: number | null; denominator?: number | null; date?: string | null }, mode: IndicatorResult['mode'], unit: string | undefined): string {
  if (mode === 'share-on-time') return c.date ? `完成于 ${formatDateZh(c.date)}` : '未填报日期';
  const n = c.numerator;
  const d = c.denominator;
  if ((n === null || n === undefined) && (d === null || d === undefined)) return '—';
  const show = (x: number | null | undefined) => (x === null || x === undefined ? '?' : figureText(x));
  return `${show(n)} / ${show(d)}${unit ? ` ${unit}` : ''}`;
}
