import { useState } from 'react';
import { App, Button } from 'antd';
import { FileExcelOutlined } from '@ant-design/icons';
import { downloadTable, type TableColumn, type TableRow } from '../excel';
import { REPORT_STATUS_NAMES } from '../../../shared/reports';
import { formatDateTimeZh } from '../../../shared/dates';
import { ACTION_NAMES } from '../reports/model';
import { returnLines, type HandledRow, type QueueRow } from './model';
import { timelinessText } from './TimelinessTag';

type Spec = { tab: 'todo'; rows: QueueRow[] } | { tab: 'done'; rows: HandledRow[] };

function parentOf(r: QueueRow | HandledRow): string {
  return r.unitLevel === 'county' ? r.parentName : '';
}

/** The table of a tab (审核待办 / 审核已办) as it is shown, one report or step a row, return history in words. */
function tableOf(spec: Spec): { title: string; columns: TableColumn[]; rows: TableRow[] } {
  if (spec.tab === 'todo') {
    return {
      title: '审核待办',
      columns: [
        { key: 'unit', title: '单位' },
        { key: 'code', title: '代码' },
        { key: 'parent', title: '所属设区市' },
        { key: 'period', title: '期次' },
        { key: 'status', title: '状态' },
        { key: 'submittedAt', title: '报送时间' },
        { key: 'timeliness', title: '时效' },
        { key: 'version', title: '版本', format: 'number' },
        { key: 'changes', title: '修改项数', format: 'number' },
        { key: 'flags', title: '未跟进标记', format: 'number' },
        { key: 'returns', title: '退回记录' },
      ],
      rows: spec.rows.map((r) => ({
        unit: r.unitName,
        code: r.unitCode,
        parent: parentOf(r),
        period: r.periodName,
        status: REPORT_STATUS_NAMES[r.status],
        submittedAt: formatDateTimeZh(r.submittedAt),
        timeliness: timelinessText(r.timeliness),
        version: r.version,
        changes: r.changes ? r.changes.length : null,
        flags: r.flags,
        returns: returnLines(r.returns).join('\n') || '—',
      })),
    };
  }
  return {
    title: '审核已办',
    columns: [
      { key: 'at', title: '办理时间' },
      { key: 'unit', title: '单位' },
      { key: 'code', title: '代码' },
      { key: 'parent', title: '所属设区市' },
      { key: 'period', title: '期次' },
      { key: 'action', title: '办理' },
      { key: 'version', title: '版本', format: 'number' },
      { key: 'reason', title: '理由' },
      { key: 'by', title: '经办人' },
      { key: 'status', title: '当前状态' },
      { key: 'returns', title: '退回记录' },
    ],
    rows: spec.rows.map((r) => ({
      at: formatDateTimeZh(r.at),
      unit: r.unitName,
      code: r.unitCode,
      parent: parentOf(r),
      period: r.periodName,
      action: ACTION_NAMES[r.action],
      version: r.version,
      reason: r.reason ?? '—',
      by: r.byName,
      status: REPORT_STATUS_NAMES[r.status],
      returns: returnLines(r.returns).join('\n') || '—',
    })),
  };
}

/** 导出 Excel of the tab being shown (the rows after the period filter). */
export function ExportQueueButton(props: Spec & { subtitle: string }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      const t = tableOf(props);
      await downloadTable(t.title, t.columns, t.rows, { subtitle: props.subtitle });
    } catch (err) {
      message.error(err instanceof Error ? err.message : '导出失败');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button icon={<FileExcelOutlined />} loading={busy} disabled={!props.rows.length} onClick={() => void run()}>
      导出 Excel
    </Button>
  );
}
