import { useState, type ReactNode } from 'react';
import { App, Button, type ButtonProps } from 'antd';
import { FileExcelOutlined } from '@ant-design/icons';
import { assessmentUrl, downloadFile } from './download';

export interface FileExportButtonProps {
  /** An `/api/excel/…` route answering a file. */
  url: string;
  /** The file name when the server gives none. */
  fallbackName: string;
  size?: ButtonProps['size'];
  type?: ButtonProps['type'];
  children: ReactNode;
}

/** A button that downloads one workbook from the server and says what was saved (or why not, in Chinese). */
export function FileExportButton({ url, fallbackName, size, type, children }: FileExportButtonProps) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      size={size}
      type={type}
      icon={<FileExcelOutlined />}
      loading={busy}
      onClick={() => {
        setBusy(true);
        downloadFile(url, undefined, fallbackName)
          .then((name) => message.success(`已导出：${name}`))
          .catch((err: unknown) => message.error(err instanceof Error ? err.message : '导出失败'))
          .finally(() => setBusy(false));
      }}
    >
      {children}
    </Button>
  );
}

export interface AssessmentExportButtonProps {
  year: number;
  /** A published version; omitted: the office gets the live draft, everyone else the latest published. */
  version?: number | null;
  size?: ButtonProps['size'];
  type?: ButtonProps['type'];
  children?: ReactNode;
}

/** Downloads the four-sheet assessment workbook (考核排名, 分项得分, 填报数据, 填报进度) of a year. */
export function AssessmentExportButton({ year, version, size, type, children }: AssessmentExportButtonProps) {
  return (
    <FileExportButton url={assessmentUrl(year, version)} fallbackName={`${year}年度政务公开工作考核结果.xlsx`} size={size} type={type}>
      {children ?? '导出考核结果（Excel）'}
    </FileExportButton>
  );
}
