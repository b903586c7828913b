/** Uploading a filled-in template with progress (fetch cannot report upload progress; XHR can). */

import type { CellProblem, UploadSuccess } from '../../../shared/excel';
import { httpError } from '../../lib/http-error';
export type { CellProblem, UploadSuccess };

export interface UploadFailure {
  ok: false;
  status: number;
  error: string;
  problems: CellProblem[];
  /** Token for `/api/excel/marked/<token>`: the workbook with the wrong cells marked. */
  markedWorkbook: string | null;
}

export type UploadResult = UploadSuccess | UploadFailure;

export const UPLOAD_MAX_BYTES = 5 * 1024 * 1024;

/** Refusals that need no round trip. */
export function checkFileBeforeUpload(file: { name: string; size: number }): string | null {
  if (!/\.xlsx$/i.test(file.name)) return '只接受 .xlsx 格式的 Excel 文件，请在 Excel 中另存为“Excel 工作簿(*.xlsx)”后上传';
  if (file.size > UPLOAD_MAX_BYTES) return '文件超过 5 MB 上限，请删除多余内容后重新上传';
  if (file.size === 0) return '文件为空';
  return null;
}

function parseBody(text: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function problemsOf(v: unknown): CellProblem[] {
  if (!Array.isArray(v)) return [];
  return v
    .filter((p): p is Record<string, unknown> => typeof p === 'object' && p !== null)
    .map((p) => ({ sheet: String(p.sheet ?? ''), cell: String(p.cell ?? ''), message: String(p.message ?? '') }));
}

/** Where a filled-in workbook goes: a progress report's period or the annual report of a year. */
export type UploadTarget = { unitCode: string; periodCode: string } | { unitCode: string; annualYear: number };

export function uploadUrl(target: UploadTarget, submit: boolean): string {
  if ('annualYear' in target) return `/api/excel/annual/upload?${new URLSearchParams({ unit: target.unitCode, year: String(target.annualYear), submit: submit ? '1' : '0' }).toString()}`;
  return `/api/excel/upload?${new URLSearchParams({ unit: target.unitCode, period: target.periodCode, submit: submit ? '1' : '0' }).toString()}`;
}

export function uploadTemplate(
  file: File,
  opts: { target: UploadTarget; submit: boolean; onProgress?: (percent: number) => void; signal?: AbortSignal },
): Promise<UploadResult> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', uploadUrl(opts.target, opts.submit));
    xhr.withCredentials = true;
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) opts.onProgress?.(Math.min(99, Math.round((e.loaded / e.total) * 100)));
    };
    const fail = (status: number, error: string) => resolve({ ok: false, status, error, problems: [], markedWorkbook: null });
    xhr.onerror = () => fail(0, '无法连接服务器，请检查网络后重试');
    xhr.onabort = () => fail(0, '已取消上传');
    xhr.onload = () => {
      opts.onProgress?.(100);
      const body = parseBody(xhr.responseText);
      if (xhr.status === 200 && body) {
        resolve({
          ok: true,
          message: String(body.message ?? '已上传'),
          reportId: Number(body.reportId),
          status: String(body.status ?? ''),
          revision: Number(body.revision),
          version: Number(body.version),
          submitted: body.submitted === true,
          // Progress reports count indicators, annual reports filled cells.
          indicators: Number(body.indicators ?? body.cells ?? 0),
          warnings: problemsOf(body.warnings),
        });
        return;
      }
      if (xhr.status === 401) return fail(401, '登录已失效，请重新登录后上传');
      const err = httpError(body);
      resolve({
        ok: false,
        status: xhr.status,
        error: err.message ?? (xhr.status >= 500 ? '服务器内部错误，请稍后再试' : `上传失败（HTTP ${xhr.status}）`),
        problems: problemsOf(err.data.problems),
        markedWorkbook: typeof err.data.markedWorkbook === 'string' ? err.data.markedWorkbook : null,
      });
    };
    opts.signal?.addEventListener('abort', () => xhr.abort());
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}
