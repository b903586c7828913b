import { useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Progress, Space, Table, Typography, Upload } from 'antd';
import { DownloadOutlined, FileExcelOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../../lib/trpc';
import { annualTemplateUrl, countyTemplatesUrl, downloadFile, templateUrl } from './download';
import { checkFileBeforeUpload, uploadTemplate, type CellProblem, type UploadResult, type UploadSuccess, type UploadTarget } from './upload';

export interface ExcelPanelProps {
  unitCode: string;
  /** The progress report of this period… */
  periodCode?: string;
  /** …or the 政府信息公开工作年度报告 of this year. */
  annualYear?: number;
  /** Shown in the confirmation, e.g. 滨江区 / 2018年第四季度暨年度. */
  unitName?: string;
  periodName?: string;
  /** Why the report cannot be changed now (reports.get → editBlock); uploading is then disabled. */
  editBlock?: string | null;
  /** A city account: also offer the zip with one template per county. */
  showCountyTemplates?: boolean;
  /** After a successful upload (the report queries are refreshed already), e.g. to reload the editor. */
  onUploaded?: (result: UploadSuccess) => void;
}

function ProblemTable({ rows, caption }: { rows: CellProblem[]; caption: string }) {
  return (
    <Table<CellProblem & { key: number }>
      size="small"
      pagination={rows.length > 20 ? { pageSize: 20, size: 'small' } : false}
      dataSource={rows.map((r, i) => ({ ...r, key: i }))}
      aria-label={caption}
      columns={[
        {
          title: '位置',
          key: 'where',
          width: 140,
          render: (_: unknown, r) => (r.cell ? <Typography.Text code>{`${r.sheet}!${r.cell}`}</Typography.Text> : <Typography.Text type="secondary">{r.sheet || '整个文件'}</Typography.Text>),
        },
        { title: '问题', dataIndex: 'message', key: 'message' },
      ]}
    />
  );
}

/**
 * Excel 填报: download the unit's template for the period, upload it back (saved as a draft, or
 * submitted with 上传并报送 after a confirmation). On problems nothing is saved: every problem is
 * listed with its sheet!cell, and the user's workbook with the wrong cells marked can be downloaded.
 */
export function ExcelPanel(props: ExcelPanelProps) {
  const { unitCode, periodCode = '', annualYear, editBlock } = props;
  const target: UploadTarget = annualYear ? { unitCode, annualYear } : { unitCode, periodCode };
  const what = annualYear ? `${annualYear}年度政府信息公开工作年度报告` : `${props.periodName ?? ''}报告`;
  const { message, modal } = App.useApp();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [submit, setSubmit] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const [result, setResult] = useState<UploadResult | null>(null);
  const [downloading, setDownloading] = useState<string | null>(null);

  const uploading = progress !== null;

  async function download(kind: string, url: string, fallback: string) {
    setDownloading(kind);
    try {
      const name = await downloadFile(url, undefined, fallback);
      message.success(`已下载：${name}`);
    } catch (err) {
      message.error(err instanceof Error ? err.message : '下载失败');
    } finally {
      setDownloading(null);
    }
  }

  function confirmSubmit(fileName: string): Promise<boolean> {
    return new Promise((resolve) => {
      modal.confirm({
        title: '上传并报送',
        content: `将用“${fileName}”中的数据报送${props.unitName ?? ''}${what}。报送后进入审核，审核退回前不能再修改。确定报送吗？`,
        okText: '上传并报送',
        cancelText: '取消',
        onOk: () => resolve(true),
        onCancel: () => resolve(false),
      });
    });
  }

  async function start(file: File) {
    const local = checkFileBeforeUpload(file);
    if (local) {
      setResult({ ok: false, status: 400, error: local, problems: [], markedWorkbook: null });
      return;
    }
    if (submit && !(await confirmSubmit(file.name))) return;
    setResult(null);
    setProgress(0);
    const r = await uploadTemplate(file, { target, submit, onProgress: setProgress });
    setProgress(null);
    setResult(r);
    if (r.ok) {
      message.success(r.message);
      await queryClient.invalidateQueries(annualYear ? trpc.annualReports.pathFilter() : trpc.reports.pathFilter());
      props.onUploaded?.(r);
    }
  }

  return (
    <Card size="small" title={<Space><FileExcelOutlined />Excel 填报</Space>}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {annualYear
            ? '下载本单位年度报告模板（按国家表样：表二、表三、表四和文字部分），离线填写后上传（.xlsx，不超过 5 MB）。合计按各项重新计算；按与网页填报相同的规则校验，有任何问题都不会保存，并列出每处问题所在的工作表和单元格。'
            : '下载本单位本期模板，离线填写后上传（.xlsx，不超过 5 MB）。上传时按与网页填报相同的规则校验，有任何问题都不会保存，并列出每处问题所在的单元格。'}
        </Typography.Paragraph>
        <Space wrap>
          <Button icon={<DownloadOutlined />} loading={downloading === 'template'} onClick={() => void download('template', annualYear ? annualTemplateUrl(unitCode, annualYear) : templateUrl(unitCode, periodCode), '填报模板.xlsx')}>
            下载填报模板
          </Button>
          {props.showCountyTemplates && (
            <Button icon={<DownloadOutlined />} loading={downloading === 'zip'} onClick={() => void download('zip', countyTemplatesUrl(periodCode), '各县(市、区)填报模板.zip')}>
              下载所辖县(市、区)模板（压缩包）
            </Button>
          )}
          <Upload
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            showUploadList={false}
            maxCount={1}
            disabled={uploading || !!editBlock}
            beforeUpload={(file) => {
              void start(file);
              return false;
            }}
          >
            <Button type={submit ? 'primary' : 'default'} icon={<UploadOutlined />} loading={uploading} disabled={!!editBlock}>
              {submit ? '上传并报送' : '上传保存为草稿'}
            </Button>
          </Upload>
          <Checkbox checked={submit} onChange={(e) => setSubmit(e.target.checked)} disabled={uploading || !!editBlock}>
            上传后直接报送
          </Checkbox>
        </Space>
        {editBlock && <Alert type="info" showIcon title={`当前不能上传：${editBlock}`} />}
        {uploading && <Progress percent={progress ?? 0} size="small" status="active" aria-label="上传进度" />}
        {result?.ok && (
          <Alert
            type="success"
            showIcon
            title={result.message}
            description={
              result.warnings.length > 0 && (
                <>
                  <Typography.Text>以下提示不影响保存，报送前请核对：</Typography.Text>
                  <ProblemTable rows={result.warnings} caption="上传提示" />
                </>
              )
            }
          />
        )}
        {result && !result.ok && (
          <Alert
            type="error"
            showIcon
            title={result.error}
            description={
              (result.problems.length > 0 || result.markedWorkbook) && (
                <Space orientation="vertical" style={{ width: '100%' }}>
                  {result.problems.length > 0 && <ProblemTable rows={result.problems} caption="上传问题" />}
                  {result.markedWorkbook && (
                    <Space wrap size={[8, 4]}>
                      <Button
                        size="small"
                        icon={<DownloadOutlined />}
                        loading={downloading === 'marked'}
                        onClick={() => void download('marked', `/api/excel/marked/${encodeURIComponent(result.markedWorkbook ?? '')}`, '已标注问题.xlsx')}
                      >
                        下载标注了问题的文件
                      </Button>
                      <Typography.Text type="secondary">只标出有问题的单元格（标红并附批注），另附“问题清单”工作表可点击跳转；30 分钟内有效</Typography.Text>
                    </Space>
                  )}
                </Space>
              )
            }
          />
        )}
      </Space>
    </Card>
  );
}
