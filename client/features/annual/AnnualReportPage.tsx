import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Input, InputNumber, Modal, Space, Table, Tag, Timeline, Typography } from 'antd';
import { skipToken, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { errorInfo, useTRPC } from '../../lib/trpc';
import { QueryState } from '../../lib/states';
import { useMe } from '../auth/useMe';
import { UnitCode } from '../../../shared/org';
import { annualFormat } from '../../../shared/annual-report/format';
import { checkAnnualReport, recomputeTotals, type AnnualProblem, type AnnualReportData } from '../../../shared/annual-report/check';
import { REPORT_STATUS_NAMES } from '../../../shared/reports';
import { formatDateTimeZh, formatDateZh } from '../../../shared/dates';
import type { RouterOutputs } from '../../../server/root';
import { TimelinessTag } from '../reviews/TimelinessTag';
import { AnnualTables, messagesByCell, parseCell } from './AnnualTables';
import { ExcelPanel, FileExportButton, annualReportUrl } from '../excel';
import './annual.css';

type View = RouterOutputs['annualReports']['get'];

const ACTION_NAMES = { submit: '报送', approve: '市级审核通过', accept: '采纳', return: '退回', reopen: '重新开放' } as const;

/** Reviewer buttons for the report's state; the server decides again on every call. */
function ReviewButtons({ view, onDone }: { view: View; onDone: () => void }) {
  const trpc = useTRPC();
  const me = useMe();
  const { message, modal } = App.useApp();
  const [reasonFor, setReasonFor] = useState<'return' | 'reopen' | null>(null);
  const [reason, setReason] = useState('');
  const opts = {
    onSuccess: () => {
      message.success('操作成功');
      setReasonFor(null);
      setReason('');
      onDone();
    },
    onError: (err: unknown) => modal.error({ title: '操作未完成', content: errorInfo(err).message, okText: '知道了' }),
  };
  const approve = useMutation(trpc.annualReports.approve.mutationOptions(opts));
  const accept = useMutation(trpc.annualReports.accept.mutationOptions(opts));
  const ret = useMutation(trpc.annualReports.return.mutationOptions(opts));
  const reopen = useMutation(trpc.annualReports.reopen.mutationOptions(opts));
  const r = view.report;
  const user = me.user;
  if (!r || !user) return null;
  const office = user.role === 'office';
  const cityOfUnit = user.role === 'city' && view.unit.parentCode === user.unitCode;
  const county = view.unit.level === 'county';
  const key = { reportId: r.id, revision: r.revision };
  const buttons = [];
  if (cityOfUnit && county && r.status === 'submitted') {
    buttons.push(<Button key="approve" type="primary" loading={approve.isPending} onClick={() => approve.mutate(key)}>审核通过</Button>);
  }
  if (office && ((county && r.status === 'approved') || (!county && r.status === 'submitted'))) {
    buttons.push(<Button key="accept" type="primary" loading={accept.isPending} onClick={() => accept.mutate(key)}>采纳</Button>);
  }
  if ((office && ['submitted', 'approved'].includes(r.status)) || (cityOfUnit && county && r.status === 'submitted')) {
    buttons.push(<Button key="return" danger onClick={() => setReasonFor('return')}>退回修改</Button>);
  }
  if (office && r.status === 'accepted') buttons.push(<Button key="reopen" onClick={() => setReasonFor('reopen')}>重新开放</Button>);
  if (!buttons.length) return null;
  const pending = ret.isPending || reopen.isPending;
  return (
    <>
      <Space wrap>{buttons}</Space>
      <Modal
        open={reasonFor !== null}
        title={reasonFor === 'return' ? '退回年度报告' : '重新开放年度报告'}
        okText={reasonFor === 'return' ? '确认退回' : '确认重新开放'}
        okButtonProps={{ danger: true, disabled: reason.trim().length < 2 }}
        cancelText="取消"
        confirmLoading={pending}
        onCancel={() => setReasonFor(null)}
        onOk={() => (reasonFor === 'return' ? ret : reopen).mutate({ ...key, reason: reason.trim() })}
      >
        <Typography.Paragraph>
          {view.unit.name} {view.year}年度报告（第 {r.version} 版）将退回该单位修改，原版本会保留，理由会通知该单位。
        </Typography.Paragraph>
        <Input.TextArea aria-label="理由" rows={3} maxLength={500} showCount value={reason} onChange={(e) => setReason(e.target.value)} placeholder="请写明需要修改的表、行、列和原因（至少 2 个字）" />
      </Modal>
    </>
  );
}

function VersionCompare({ reportId, versions }: { reportId: number; versions: number }) {
  const trpc = useTRPC();
  const [version, setVersion] = useState<number | null>(null);
  const q = useQuery(trpc.annualReports.compare.queryOptions(version ? { reportId, version } : skipToken));
  if (versions < 2) return null;
  return (
    <Card size="small" title="版本比较" style={{ marginTop: 16 }}>
      <Space wrap>
        {Array.from({ length: versions - 1 }, (_, i) => i + 2).map((v) => (
          <Button key={v} size="small" type={version === v ? 'primary' : 'default'} onClick={() => setVersion(v)}>
            第 {v} 版与第 {v - 1} 版
          </Button>
        ))}
      </Space>
      {version && (
        <QueryState loading={q.isLoading} error={q.error} empty={q.data?.changes.length === 0} emptyText="两版没有差别">
          <Table
            size="small"
            style={{ marginTop: 8 }}
            rowKey="cell"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={q.data?.changes ?? []}
            columns={[
              { title: '单元格', dataIndex: 'label' },
              { title: `第 ${version - 1} 版`, dataIndex: 'before', render: (v: unknown) => (v === null ? '—' : String(v)) },
              { title: `第 ${version} 版`, dataIndex: 'after', render: (v: unknown) => (v === null ? '—' : String(v)) },
            ]}
          />
        </QueryState>
      )}
    </Card>
  );
}

function ProblemList({ title, type, problems }: { title: string; type: 'error' | 'warning'; problems: AnnualProblem[] }) {
  if (!problems.length) return null;
  return (
    <Alert
      type={type}
      showIcon
      style={{ marginBottom: 12 }}
      title={`${title}（${problems.length} 处）`}
      description={
        <ul className="annual-problem-list">
          {problems.slice(0, 30).map((p, i) => (
            <li key={i}>{p.message}</li>
          ))}
          {problems.length > 30 && <li>…… 另有 {problems.length - 30} 处</li>}
        </ul>
      }
    />
  );
}

/** The editor: tables, texts and publication, checked as the user types. */
function AnnualEditor({ view, onSaved }: { view: View; onSaved: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message, modal } = App.useApp();
  const format = annualFormat(view.formatId);
  const readOnly = view.editBlock !== null;
  const [data, setData] = useState<AnnualReportData>(view.data);
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [submitTried, setSubmitTried] = useState(false);
  const [serverErrors, setServerErrors] = useState<AnnualProblem[]>([]);
  const [dirty, setDirty] = useState(false);

  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const check = useMemo(
    () => checkAnnualReport({ format, year: view.year, data, mode: submitTried ? 'submit' : 'draft', today: view.today, previous: view.previous }),
    [format, view.year, data, submitTried, view.today, view.previous],
  );
  const errors = check.errors.length ? check.errors : serverErrors;
  const messages = useMemo(() => messagesByCell(errors, check.warnings), [errors, check.warnings]);

  const change = (patch: Partial<AnnualReportData>) => {
    setData((d) => ({ ...d, ...patch }));
    setServerErrors([]);
    setDirty(true);
  };
  const onCell = (key: string, text: string) => {
    setDrafts((d) => ({ ...d, [key]: text }));
    setData((d) => ({ ...d, cells: { ...d.cells, [key]: parseCell(text) } }));
    setServerErrors([]);
    setDirty(true);
  };

  const after = (res: { warnings: AnnualProblem[] }, what: string) => {
    setDirty(false);
    message.success(res.warnings.length ? `${what}，有 ${res.warnings.length} 处提示请核对` : what);
    void queryClient.invalidateQueries(trpc.annualReports.pathFilter());
    void queryClient.invalidateQueries(trpc.notices.pathFilter());
    onSaved();
  };
  const onError = (err: unknown) => {
    const info = errorInfo(err);
    const cellErrors = info.fieldErrors
      .filter((f) => f.path.startsWith('data.'))
      .map((f) => ({ cell: f.path.slice(5), table: '', row: '', column: '', message: f.message }));
    setServerErrors(cellErrors);
    modal.error({ title: info.code === 'CONFLICT' ? '年度报告已被修改' : '未能保存', content: info.message, okText: '知道了' });
  };
  const save = useMutation(trpc.annualReports.saveDraft.mutationOptions({ onSuccess: (r) => after(r, '草稿已保存'), onError }));
  const submit = useMutation(trpc.annualReports.submit.mutationOptions({ onSuccess: (r) => after(r, '年度报告已报送'), onError }));
  const input = () => ({ unitCode: view.unit.code, year: view.year, revision: view.report?.revision ?? 0, data });

  const onSave = () => {
    if (check.errors.length) return void message.error(`有 ${check.errors.length} 处填写有误，请先修改（见标红的单元格）`);
    save.mutate(input());
  };
  const onSubmit = () => {
    setSubmitTried(true);
    const full = checkAnnualReport({ format, year: view.year, data, mode: 'submit', today: view.today, previous: view.previous });
    if (full.errors.length) return void message.error(`年度报告有 ${full.errors.length} 处问题，请修改后再报送（见标红的单元格）`);
    modal.confirm({
      title: `报送${view.year}年度政府信息公开工作年度报告`,
      content: `报送后本版本不能再修改${full.warnings.length ? `；另有 ${full.warnings.length} 处提示（如上年结转与上年度报告不一致），请确认已核对` : ''}。确定报送吗？`,
      okText: '确定报送',
      cancelText: '再检查一下',
      onOk: () => submit.mutate(input()),
    });
  };
  const onRecompute = () => {
    const cells = recomputeTotals(format, data.cells);
    const changedKeys = Object.keys(cells).filter((k) => cells[k] !== data.cells[k]);
    setDrafts((d) => {
      const next = { ...d };
      for (const k of changedKeys) delete next[k];
      return next;
    });
    change({ cells });
    message.info(changedKeys.length ? `已按各项重新计算 ${changedKeys.length} 个合计单元格` : '合计数均已与各项一致');
  };

  const text = (key: string) => data.texts[key] ?? '';
  return (
    <div>
      <ProblemList title={submitTried ? '报送前须修改的问题' : '填写有误'} type="error" problems={errors} />
      <ProblemList title="请核对" type="warning" problems={check.warnings} />
      <Card size="small" title={format.texts[0].title} className="annual-card">
        {readOnly ? (
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{text('overview') || '（未填写）'}</Typography.Paragraph>
        ) : (
          <Input.TextArea aria-label={format.texts[0].title} autoSize={{ minRows: 3, maxRows: 12 }} value={text('overview')} maxLength={format.texts[0].maxLength} onChange={(e) => change({ texts: { ...data.texts, overview: e.target.value } })} status={messages.errors.has('texts.overview') ? 'error' : undefined} />
        )}
        {messages.errors.get('texts.overview')?.map((m) => (
          <div key={m} className="annual-cell-error" role="alert">{m}</div>
        ))}
      </Card>
      <Card size="small" className="annual-card">
        <AnnualTables format={format} data={data} drafts={drafts} messages={messages} readOnly={readOnly} onChange={onCell} />
      </Card>
      {format.texts.slice(1).map((t) => (
        <Card key={t.key} size="small" title={t.title} className="annual-card">
          {readOnly ? (
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{text(t.key) || '（无）'}</Typography.Paragraph>
          ) : (
            <Input.TextArea aria-label={t.title} autoSize={{ minRows: 2, maxRows: 10 }} value={text(t.key)} maxLength={t.maxLength} onChange={(e) => change({ texts: { ...data.texts, [t.key]: e.target.value } })} />
          )}
        </Card>
      ))}
      <Card size="small" title="公开情况" className="annual-card">
        <div className="annual-publication">
          <label>
            <span>公开网址</span>
            {readOnly ? (
              <Typography.Text copyable={!!data.publishedUrl}>{data.publishedUrl ?? '—'}</Typography.Text>
            ) : (
              <Input aria-label="年度报告公开网址" placeholder="https://www.example.gov.cn/…" value={data.publishedUrl ?? ''} onChange={(e) => change({ publishedUrl: e.target.value || null })} status={messages.errors.has('publishedUrl') ? 'error' : undefined} />
            )}
          </label>
          <label>
            <span>公开日期</span>
            {readOnly ? (
              <Typography.Text>{formatDateZh(data.publishedOn) || '—'}</Typography.Text>
            ) : (
              <input type="date" className="annual-date" aria-label="年度报告公开日期" value={data.publishedOn ?? ''} onChange={(e) => change({ publishedOn: e.target.value || null })} />
            )}
          </label>
        </div>
        {['publishedUrl', 'publishedOn'].flatMap((k) => messages.errors.get(k) ?? []).map((m) => (
          <div key={m} className="annual-cell-error" role="alert">{m}</div>
        ))}
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          截止日期 {formatDateZh(view.due)}：公开日期不晚于截止日期为按时。
        </Typography.Paragraph>
      </Card>
      {!readOnly && (
        <div className="annual-actions no-print">
          <Space wrap>
            <Button onClick={onRecompute}>按各项计算合计</Button>
            <Button onClick={onSave} loading={save.isPending}>保存草稿</Button>
            <Button type="primary" onClick={onSubmit} loading={submit.isPending}>报送</Button>
            {dirty && <Tag color="orange">有未保存的修改</Tag>}
          </Space>
        </div>
      )}
    </div>
  );
}

/** 年度报告: `/annual?unit=<code>&year=<yyyy>`, defaulting to the account's unit and last year. */
export default function AnnualReportPage() {
  const trpc = useTRPC();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const current = useQuery(trpc.periods.current.queryOptions());
  const unitCode = params.get('unit') ?? me.user?.unitCode ?? null;
  const yearParam = Number(params.get('year'));
  const year = Number.isInteger(yearParam) && yearParam >= 2000 && yearParam <= 2100 ? yearParam : current.data ? Number(current.data.code.slice(0, 4)) : null;
  const bad = unitCode !== null && !UnitCode.safeParse(unitCode).success;
  const ready = unitCode !== null && year !== null && !bad;
  const q = useQuery({ ...trpc.annualReports.get.queryOptions(ready ? { unitCode, year } : skipToken), staleTime: 0 });
  const [nonce, setNonce] = useState(0);
  const reload = () => void q.refetch().then(() => setNonce((n) => n + 1));
  const view = q.data;
  if (bad) return <Alert type="warning" showIcon title={`链接中的单位代码“${unitCode}”无效`} action={<Button onClick={() => setParams({})}>打开本单位年度报告</Button>} />;
  return (
    <div>
      <Typography.Title level={1} className="page-title">
        政府信息公开工作年度报告
      </Typography.Title>
      <QueryState loading={me.loading || current.isLoading || (ready && q.isLoading)} error={current.error ?? q.error} onRetry={() => void q.refetch()} empty={year === null} emptyText="尚未设置年度" rows={12}>
        {view && (
          <>
            <Card size="small" className="annual-card">
              <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }}>
                <Descriptions.Item label="单位">{view.unit.name}</Descriptions.Item>
                <Descriptions.Item label="年度">
                  <Space>
                    {view.year}年度
                    <InputNumber size="small" aria-label="切换年度" min={2000} max={2100} value={view.year} onChange={(v) => v && setParams({ unit: view.unit.code, year: String(v) })} style={{ width: 90 }} />
                  </Space>
                </Descriptions.Item>
                <Descriptions.Item label="状态">
                  <Tag color={view.report?.status === 'accepted' ? 'green' : view.report?.status === 'returned' ? 'red' : 'blue'}>{view.report ? REPORT_STATUS_NAMES[view.report.status] : '未填报'}</Tag>
                  {view.report && <span>第 {view.report.version} 版</span>}
                </Descriptions.Item>
                <Descriptions.Item label="截止日期">{formatDateZh(view.due)}</Descriptions.Item>
                <Descriptions.Item label="时效">
                  <TimelinessTag t={view.timeliness} />
                </Descriptions.Item>
              </Descriptions>
              {view.report?.status === 'returned' && view.report.returnReason && <Alert type="error" showIcon title="被退回修改" description={view.report.returnReason} style={{ marginTop: 8 }} />}
              {view.editBlock && <Alert type="info" showIcon title={view.editBlock} style={{ marginTop: 8 }} />}
              <div style={{ marginTop: 8 }}>
                <Space wrap>
                  <ReviewButtons view={view} onDone={reload} />
                  {view.report && (
                    <FileExportButton url={annualReportUrl(view.unit.code, view.year)} fallbackName={`${view.unit.name}${view.year}年度政府信息公开工作年度报告.xlsx`}>
                      导出本报告（Excel，可打印）
                    </FileExportButton>
                  )}
                </Space>
              </div>
            </Card>
            {me.user?.unitCode === view.unit.code && (view.unit.level === 'city' || view.unit.level === 'county') && (
              <div className="annual-card no-print">
                <ExcelPanel unitCode={view.unit.code} unitName={view.unit.name} annualYear={view.year} editBlock={view.editBlock} onUploaded={reload} />
              </div>
            )}
            <AnnualEditor key={`${view.unit.code}|${view.year}|${nonce}`} view={view} onSaved={reload} />
            {view.report && <VersionCompare reportId={view.report.id} versions={view.report.version} />}
            {view.history.length > 0 && (
              <Card size="small" title="审核记录" style={{ marginTop: 16 }}>
                <Timeline
                  items={view.history.map((h) => ({
                    content: `${formatDateTimeZh(h.at)} ${h.by ?? ''} ${ACTION_NAMES[h.action]}（第 ${h.version} 版）${h.reason ? `：${h.reason}` : ''}`,
                  }))}
                />
              </Card>
            )}
          </>
        )}
      </QueryState>
    </div>
  );
}
