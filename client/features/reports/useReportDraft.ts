import { useCallback, useMemo, useState } from 'react';
import { App } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { errorInfo, useTRPC } from '../../lib/trpc';
import type { IndicatorValue, ReportValues } from '../../../shared/report-values';
import type { Indicator, ReportingLevel } from '../../../shared/scheme';
import { parsePeriodCode } from '../../../shared/periods';
import { problemsByField, validateIndicatorValue, type FieldMessages, type FieldProblem, type ValidationMode } from '../../../shared/validation';
import { cleanValue, cleanValues, mergeMessages, serverFieldMessages, stableKey, type ReportData } from './model';
import { scrollToIndicator } from './hooks';

function validateAll(indicators: Indicator[], level: ReportingLevel, data: ReportData, values: ReportValues, mode: ValidationMode) {
  const errors: FieldProblem[] = [];
  const warnings: FieldProblem[] = [];
  // As on the server: a first quarter has no earlier quarter to compare cumulative figures with.
  const quarter = parsePeriodCode(data.period.code)?.quarter ?? 1;
  for (const ind of indicators) {
    const r = validateIndicatorValue({
      indicator: ind,
      level,
      year: data.scheme.year,
      value: cleanValue(values[ind.code]) ?? undefined,
      reportDate: data.today,
      previous: quarter > 1 ? (data.previousAccepted?.[ind.code] ?? null) : null,
      mode,
    });
    errors.push(...r.errors);
    warnings.push(...r.warnings);
  }
  return { errors, warnings };
}

export type SaveKind = 'draft' | 'submit';

/**
 * The editable copy of a report: values, the revision they are based on, live validation with the
 * server's rules, and saving/submitting with conflict detection.
 */
export function useReportDraft(data: ReportData, level: ReportingLevel, indicators: Indicator[]) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const codes = useMemo(() => indicators.map((i) => i.code), [indicators]);
  const [values, setValues] = useState<ReportValues>(() => data.values);
  const [savedKey, setSavedKey] = useState(() => stableKey(cleanValues(data.values, codes)));
  const [revision, setRevision] = useState(data.report?.revision ?? 0);
  const [attempted, setAttempted] = useState(false);
  const [server, setServer] = useState<{ byField: FieldMessages; general: string[] }>({ byField: {}, general: [] });
  const [serverWarnings, setServerWarnings] = useState<FieldProblem[]>([]);
  const [conflict, setConflict] = useState<string | null>(null);

  const cleaned = useMemo(() => cleanValues(values, codes), [values, codes]);
  const dirty = stableKey(cleaned) !== savedKey;

  const draftCheck = useMemo(() => validateAll(indicators, level, data, values, 'draft'), [indicators, level, data, values]);
  const submitCheck = useMemo(() => validateAll(indicators, level, data, values, 'submit'), [indicators, level, data, values]);
  const shown = attempted ? submitCheck : draftCheck;
  const errors = useMemo(() => mergeMessages(problemsByField(shown.errors), server.byField), [shown.errors, server.byField]);
  const warnings = useMemo(() => problemsByField(shown.warnings), [shown.warnings]);
  const incomplete = useMemo(() => new Set(submitCheck.errors.map((e) => e.indicator)), [submitCheck.errors]);
  /** Indicators with something entered and nothing missing for submission. */
  const filled = codes.filter((c) => cleaned[c] && !incomplete.has(c)).length;

  const setField = useCallback((code: string, patch: Partial<IndicatorValue>) => {
    setValues((prev) => ({ ...prev, [code]: { ...(prev[code] ?? {}), ...patch } }));
    setServer((s) => {
      if (!s.byField[code]) return s;
      const rest = { ...s.byField };
      delete rest[code];
      return { ...s, byField: rest };
    });
  }, []);

  const saveDraft = useMutation(trpc.reports.saveDraft.mutationOptions());
  const submit = useMutation(trpc.reports.submit.mutationOptions());
  const pending = saveDraft.isPending || submit.isPending;

  /** Saves or submits; never rejects (errors are shown). */
  const run = useCallback(
    async (kind: SaveKind) => {
      // The server applies the same rules; refusing here saves a round trip and shows the same message.
      const blocking = (kind === 'draft' ? draftCheck : submitCheck).errors;
      if (blocking.length) {
        if (kind === 'submit') setAttempted(true);
        message.error(kind === 'draft' ? `有 ${blocking.length} 处填写有误，草稿未保存` : `报告有 ${blocking.length} 处问题，请修改后再报送`);
        scrollToIndicator(blocking[0].indicator);
        return;
      }
      const input = { unitCode: data.unit.code, periodCode: data.period.code, revision, values: cleaned };
      try {
        const res = await (kind === 'draft' ? saveDraft : submit).mutateAsync(input);
        setRevision(res.revision);
        setSavedKey(stableKey(cleaned));
        setServer({ byField: {}, general: [] });
        setServerWarnings(res.warnings);
        if (kind === 'draft') message.success(res.warnings.length ? `草稿已保存，有 ${res.warnings.length} 条提示请留意` : '草稿已保存');
        else {
          message.success('报告已报送，等待审核');
          window.scrollTo({ top: 0, behavior: 'smooth' });
        }
      } catch (err) {
        const info = errorInfo(err);
        if (info.code === 'CONFLICT') {
          setConflict(info.message);
          return;
        }
        const parsed = serverFieldMessages(info.fieldErrors);
        setServer(parsed);
        if (kind === 'submit') setAttempted(true);
        message.error(info.message);
        const first = info.fieldErrors.map((f) => f.indicator).find((c) => c && codes.includes(c));
        if (first) scrollToIndicator(first);
      } finally {
        // Status, history, versions and editBlock all come from the server.
        await queryClient.invalidateQueries(trpc.reports.pathFilter());
        void queryClient.invalidateQueries(trpc.notices.pathFilter());
      }
    },
    [cleaned, codes, data.period.code, data.unit.code, draftCheck, message, queryClient, revision, saveDraft, submit, submitCheck, trpc],
  );

  return {
    values,
    setField,
    dirty,
    revision,
    errors,
    warnings,
    serverGeneral: server.general,
    serverWarnings,
    clearServerWarnings: () => setServerWarnings([]),
    submitCheck,
    incomplete,
    filled,
    attempted,
    setAttempted,
    pending,
    pendingKind: saveDraft.isPending ? ('draft' as const) : submit.isPending ? ('submit' as const) : null,
    run,
    conflict,
    clearConflict: () => setConflict(null),
  };
}
