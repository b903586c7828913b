import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Alert, App, Button, Card, Col, Flex, Form, Modal, Row, Space, Typography } from 'antd';
import { DiffOutlined, SaveOutlined, SendOutlined } from '@ant-design/icons';
import type { ReportingLevel } from '../../../shared/scheme';
import { IndicatorItem } from './IndicatorItem';
import { ReportHeader } from './ReportHeader';
import { ReportHistory } from './ReportHistory';
import { VersionCompareDrawer } from './VersionCompareDrawer';
import { groupedIndicators, type ReportData } from './model';
import { scrollToIndicator, useBeforeUnload, useSaveShortcut } from './hooks';
import { useReportDraft } from './useReportDraft';
import { formatDateTimeZh } from '../../../shared/dates';

export interface ReportEditorProps {
  data: ReportData;
  level: ReportingLevel;
  /** Read-only whatever the server says (e.g. inside a reviewer's drawer). */
  forceReadOnly?: boolean;
  /** 'page': form with history beside it on wide screens; 'stacked': one column (drawers). */
  layout?: 'page' | 'stacked';
  periodSelector?: ReactNode;
  /** Loads the latest report from the server and discards local edits. */
  onReload: () => void;
  /** Tells the parent whether there are unsaved edits (to guard period switches). */
  onDirtyChange?: (dirty: boolean) => void;
}

function ReturnedAlert({ data }: { data: ReportData }) {
  const report = data.report;
  if (report?.status !== 'returned') return null;
  const last = [...data.history].reverse().find((h) => h.action === 'return');
  return (
    <Alert
      type="error"
      showIcon
      title={<Typography.Text strong>报告已被退回，请按退回理由修改后重新报送</Typography.Text>}
      description={
        <>
          <div style={{ fontSize: 15, margin: '4px 0' }}>
            退回理由：<Typography.Text strong>{report.returnReason ?? last?.reason ?? '（未说明）'}</Typography.Text>
          </div>
          {last && (
            <Typography.Text type="secondary">
              {last.by ?? '审核人'}于 {formatDateTimeZh(last.at)} 退回第 {last.version} 版；现为第 {report.currentVersion} 版，修改后请重新报送。
            </Typography.Text>
          )}
        </>
      }
      style={{ borderWidth: 2 }}
    />
  );
}

function ConflictModal({ text, onReload, onClose }: { text: string | null; onReload: () => void; onClose: () => void }) {
  return (
    <Modal
      open={text !== null}
      title="报告已被他人修改"
      onCancel={onClose}
      footer={[
        <Button key="keep" onClick={onClose}>
          暂不刷新
        </Button>,
        <Button
          key="reload"
          type="primary"
          onClick={() => {
            onClose();
            onReload();
          }}
        >
          刷新
        </Button>,
      ]}
    >
      <Typography.Paragraph>{text}</Typography.Paragraph>
      <Typography.Paragraph type="secondary">
        您的修改没有保存，也没有覆盖对方的内容。点击“刷新”载入最新内容（本页未保存的修改将丢失，如需保留请先记下）；选择“暂不刷新”可以继续查看您填写的内容。
      </Typography.Paragraph>
    </Modal>
  );
}

/** The report of one unit × period: editable for its own unit while open, read-only otherwise. */
export function ReportEditor({ data, level, forceReadOnly, layout = 'page', periodSelector, onReload, onDirtyChange }: ReportEditorProps) {
  const { modal, message } = App.useApp();
  const groups = useMemo(() => groupedIndicators(data, level), [data, level]);
  const indicators = useMemo(() => groups.flatMap((g) => g.indicators), [groups]);
  const draft = useReportDraft(data, level, indicators);
  const readOnly = Boolean(forceReadOnly || data.editBlock);
  const [compareOpen, setCompareOpen] = useState(false);
  const dirty = !readOnly && draft.dirty;
  useEffect(() => {
    onDirtyChange?.(dirty);
  }, [dirty, onDirtyChange]);

  useBeforeUnload(dirty);
  useSaveShortcut(!readOnly, () => {
    if (!draft.pending) void draft.run('draft');
  });

  const shownValues = readOnly ? data.values : draft.values;
  const flagsBy = useMemo(() => {
    const m = new Map<string, ReportData['flags']>();
    for (const f of data.flags) m.set(f.indicatorCode, [...(m.get(f.indicatorCode) ?? []), f]);
    return m;
  }, [data.flags]);
  const stale = !readOnly && !draft.pending && data.report !== null && data.report.revision > draft.revision;

  const onSubmitClick = () => {
    draft.setAttempted(true);
    const errs = draft.submitCheck.errors;
    if (errs.length) {
      message.error(`还有 ${errs.length} 处需要填写或修改，请按红色提示完善后再报送`);
      scrollToIndicator(errs[0].indicator);
      return;
    }
    const warns = draft.submitCheck.warnings;
    modal.confirm({
      title: '确认报送',
      content: (
        <>
          <p>报送后不能修改，确认报送？</p>
          {warns.length > 0 && (
            <Alert type="warning" showIcon title={`有 ${warns.length} 条提示`} description={warns.map((w) => <div key={`${w.indicator}.${w.field}`}>{w.indicator}：{w.message}</div>)} />
          )}
        </>
      ),
      okText: '确认报送',
      cancelText: '取消',
      onOk: () => draft.run('submit'),
    });
  };

  const indicatorName = (code: string) => indicators.find((i) => i.code === code)?.name ?? code;
  const main = (
    <Flex vertical gap={16}>
      {draft.serverGeneral.length > 0 && <Alert type="error" showIcon title="服务器拒绝了本次保存" description={draft.serverGeneral.join('；')} />}
      {draft.serverWarnings.length > 0 && !readOnly && (
        <Alert
          type="warning"
          showIcon
          closable={{ onClose: draft.clearServerWarnings }}
          title="已保存，但有以下提示"
          description={draft.serverWarnings.map((w) => (
            <div key={`${w.indicator}.${w.field}`}>
              <Typography.Link onClick={() => scrollToIndicator(w.indicator)}>{indicatorName(w.indicator)}</Typography.Link>：{w.message}
            </div>
          ))}
        />
      )}
      <Form layout="vertical" component={false}>
        {groups.map(({ group, indicators: inds }) => (
          <Card key={group.code} size="small" title={group.name} style={{ marginBottom: 16 }} extra={<Typography.Text type="secondary">{inds.length} 项</Typography.Text>}>
            {inds.map((ind) => (
              <IndicatorItem
                key={ind.code}
                ind={ind}
                level={level}
                value={shownValues[ind.code]}
                previous={data.previousAccepted?.[ind.code]}
                errors={readOnly ? undefined : draft.errors[ind.code]}
                warnings={readOnly ? undefined : draft.warnings[ind.code]}
                flags={flagsBy.get(ind.code) ?? []}
                readOnly={readOnly}
                unitCode={data.unit.code}
                today={data.today}
                year={data.scheme.year}
                onChange={draft.setField}
              />
            ))}
          </Card>
        ))}
      </Form>
    </Flex>
  );

  const history = (
    <Card size="small" title="报送与审核记录">
      <ReportHistory history={data.history} />
    </Card>
  );

  const actionBar = !readOnly && (
    <div className="no-print" style={{ position: 'sticky', bottom: 0, zIndex: 10, background: '#fff', borderTop: '1px solid #f0f0f0', boxShadow: '0 -2px 8px rgba(0,0,0,0.06)', padding: '10px 16px', margin: '0 -24px -24px' }}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Space size="middle" wrap>
          <Typography.Text type={dirty ? 'warning' : 'secondary'}>{dirty ? '有未保存的修改' : '所有修改已保存'}</Typography.Text>
          <Typography.Text type="secondary">
            已填写 {draft.filled} / {indicators.length} 项{draft.attempted && draft.incomplete.size ? `，${draft.incomplete.size} 项待完善` : ''}
          </Typography.Text>
        </Space>
        <Space>
          <Button icon={<SaveOutlined />} onClick={() => void draft.run('draft')} loading={draft.pendingKind === 'draft'} disabled={draft.pending} title="快捷键 Ctrl+S">
            保存草稿
          </Button>
          <Button type="primary" icon={<SendOutlined />} onClick={onSubmitClick} loading={draft.pendingKind === 'submit'} disabled={draft.pending}>
            报送
          </Button>
        </Space>
      </Flex>
    </div>
  );

  const compareButton = data.report && (
    <Button type="link" icon={<DiffOutlined />} onClick={() => setCompareOpen(true)}>
      版本对比
    </Button>
  );

  return (
    <Flex vertical gap={16}>
      <ReportHeader data={data} periodSelector={periodSelector} extra={compareButton} />
      <ReturnedAlert data={data} />
      {data.editBlock && <Alert type="info" showIcon title={data.editBlock} />}
      {stale && (
        <Alert
          type="warning"
          showIcon
          title="此报告已被他人修改"
          description={`最后保存于 ${formatDateTimeZh(data.report?.updatedAt)}。继续保存将被拒绝，请刷新后再编辑。`}
          action={<Button onClick={onReload}>刷新</Button>}
        />
      )}
      {layout === 'page' ? (
        <Row gutter={16} align="top">
          <Col xs={24} xl={17}>
            {main}
          </Col>
          <Col xs={24} xl={7}>
            {history}
          </Col>
        </Row>
      ) : (
        <>
          {main}
          {history}
        </>
      )}
      {actionBar}
      <ConflictModal text={draft.conflict} onReload={onReload} onClose={draft.clearConflict} />
      {data.report && (
        <VersionCompareDrawer reportId={data.report.id} title={`${data.unit.name} · ${data.period.name}`} open={compareOpen} onClose={() => setCompareOpen(false)} />
      )}
    </Flex>
  );
}
