/**
 * Downloads from the `/api/excel` routes: a file comes back as a blob and is saved under the name
 * the server gives (Content-Disposition filename*); an error comes back as JSON in the tRPC error shape and is
 * thrown as an Error with that Chinese message.
 */
import { httpError } from '../../lib/http-error';

export type TableFormat = 'text' | 'number' | '0.00' | '0.0%' | 'date';

export interface TableColumn {
  /** Property of each row object (or position, for array rows). */
  key: string;
  title: string;
  format?: TableFormat;
}

export type TableCell = string | number | boolean | null;
export type TableRow = Record<string, TableCell | undefined> | TableCell[];

export const TABLE_MAX_ROWS = 50_000;

/** The UTF-8 name in `filename*=UTF-8''…`, else the plain `filename="…"`, else the fallback. */
export function fileNameFromDisposition(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"/i.exec(header);
  return plain?.[1] || fallback;
}

/** Saves a blob as a file through a temporary link. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Give the browser time to start the download before the URL is released.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

async function errorOf(res: Response): Promise<Error> {
  if (res.status === 401) return new Error('登录已失效，请重新登录');
  try {
    const message = httpError(await res.json()).message;
    if (message) return new Error(message);
  } catch {
    // not JSON
  }
  return new Error(res.status >= 500 ? '服务器内部错误，请稍后再试' : `下载失败（HTTP ${res.status}）`);
}

/** Fetches a file from the app and saves it; throws with the server's Chinese message on failure. */
export async function downloadFile(url: string, init?: RequestInit, fallbackName = '下载.xlsx'): Promise<string> {
  let res: Response;
  try {
    res = await fetch(url, { credentials: 'same-origin', ...init });
  } catch {
    throw new Error('无法连接服务器，请检查网络');
  }
  if (!res.ok) throw await errorOf(res);
  const name = fileNameFromDisposition(res.headers.get('content-disposition'), fallbackName);
  saveBlob(await res.blob(), name);
  return name;
}

/**
 * Exports any table of the app (status grid, audit log, a chart's data) as a formatted workbook:
 * title row, frozen header, widths for Chinese text, number formats, A4 landscape. Text beginning
 * with = + - @ stays text. At most 50,000 rows (and a 2 MB request).
 */
export async function downloadTable(title: string, columns: TableColumn[], rows: TableRow[], opts: { subtitle?: string } = {}): Promise<string> {
  if (rows.length > TABLE_MAX_ROWS) throw new Error(`最多导出 ${TABLE_MAX_ROWS.toLocaleString('zh-CN')} 行，请缩小筛选范围后再导出`);
  const body = JSON.stringify({ title, columns, rows, ...(opts.subtitle ? { subtitle: opts.subtitle } : {}) });
  return downloadFile('/api/excel/table', { method: 'POST', headers: { 'content-type': 'application/json' }, body }, `${title}.xlsx`);
}

export function templateUrl(unitCode: string, periodCode: string): string {
  return `/api/excel/template?unit=${encodeURIComponent(unitCode)}&period=${encodeURIComponent(periodCode)}`;
}

export function countyTemplatesUrl(periodCode: string): string {
  return `/api/excel/templates.zip?period=${encodeURIComponent(periodCode)}`;
}

export function assessmentUrl(year: number, version?: number | null): string {
  return `/api/excel/assessment?year=${year}${version ? `&version=${version}` : ''}`;
}

export function annualTemplateUrl(unitCode: string, year: number): string {
  return `/api/excel/annual/template?unit=${encodeURIComponent(unitCode)}&year=${year}`;
}

export function annualReportUrl(unitCode: string, year: number, version?: number): string {
  return `/api/excel/annual/report?unit=${encodeURIComponent(unitCode)}&year=${year}${version ? `&version=${version}` : ''}`;
}

export function annualSummaryUrl(year: number): string {
  return `/api/excel/annual/summary?year=${year}`;
}
