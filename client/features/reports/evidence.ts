import { useQuery } from '@tanstack/react-query';
import { httpError } from '../../lib/http-error';
import { evidenceHref } from './model';

export interface UploadedEvidence {
  hash: string;
  originalName: string;
  mime: string;
  size: number;
}

export const EVIDENCE_ACCEPT = '.pdf,.jpg,.jpeg,.png';
export const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;

function isUploaded(x: unknown): x is UploadedEvidence {
  return typeof x === 'object' && x !== null && typeof (x as { hash?: unknown }).hash === 'string';
}


/** Posts one file to `/api/evidence` for the unit; resolves with its content hash and name. */
export async function uploadEvidence(file: Blob, fileName: string, unitCode: string, signal?: AbortSignal): Promise<UploadedEvidence> {
  const form = new FormData();
  // The unit first, so the server can refuse before it reads the file.
  form.append('unitCode', unitCode);
  form.append('file', file, fileName);
  let res: Response;
  try {
    res = await fetch('/api/evidence', { method: 'POST', body: form, credentials: 'same-origin', signal });
  } catch {
    throw new Error('上传失败：无法连接服务器，请检查网络');
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) throw new Error(httpError(body).message ?? `上传失败（HTTP ${res.status}）`);
  if (!isUploaded(body)) throw new Error('上传失败：服务器返回的内容无法识别');
  return body;
}

/** `filename*=UTF-8''…` (or the plain `filename="…"`) of a Content-Disposition header. */
function dispositionName(header: string | null): string | null {
  if (!header) return null;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename="([^"]*)"/i.exec(header);
  return plain ? plain[1] : null;
}

/**
 * The original name of an uploaded file. Report values keep only the hash, so the name is read from
 * the download's Content-Disposition with a HEAD request (cached for the session).
 */
export function useEvidenceName(hash: string | null | undefined, known?: string) {
  return useQuery({
    queryKey: ['evidence-name', hash],
    enabled: Boolean(hash) && !known,
    staleTime: Infinity,
    retry: false,
    queryFn: async () => {
      const res = await fetch(evidenceHref(hash!), { method: 'HEAD', credentials: 'same-origin' });
      if (!res.ok) return null;
      return dispositionName(res.headers.get('Content-Disposition'));
    },
  });
}
