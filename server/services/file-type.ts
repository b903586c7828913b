/**
 * Evidence file types, told apart by their content (magic bytes), never by name alone,
 * plus the file-name rules for storing and sending an uploaded name back.
 */

export type EvidenceKind = 'pdf' | 'png' | 'jpeg';

export interface EvidenceType {
  kind: EvidenceKind;
  mime: string;
  label: string;
  /** Lower-case extensions (with the dot) a file of this type may be named with. */
  extensions: readonly string[];
}

export const EVIDENCE_TYPES: Record<EvidenceKind, EvidenceType> = {
  pdf: { kind: 'pdf', mime: 'application/pdf', label: 'PDF', extensions: ['.pdf'] },
  png: { kind: 'png', mime: 'image/png', label: 'PNG', extensions: ['.png'] },
  jpeg: { kind: 'jpeg', mime: 'image/jpeg', label: 'JPG', extensions: ['.jpg', '.jpeg'] },
};

export const EVIDENCE_MIMES: ReadonlySet<string> = new Set(Object.values(EVIDENCE_TYPES).map((t) => t.mime));

/** How many leading bytes `detectFileType` needs to see. */
export const SNIFF_BYTES = 8;

const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"
const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]; // \x89PNG\r\n\x1a\n
const JPEG_MAGIC = [0xff, 0xd8, 0xff]; // SOI + the first marker's 0xFF

function startsWith(head: Uint8Array, magic: readonly number[]): boolean {
  if (head.length < magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (head[i] !== magic[i]) return false;
  return true;
}

/** The evidence type the first bytes of a file show, or null for anything else. */
export function detectFileType(head: Uint8Array): EvidenceKind | null {
  if (startsWith(head, PDF_MAGIC)) return 'pdf';
  if (startsWith(head, PNG_MAGIC)) return 'png';
  if (startsWith(head, JPEG_MAGIC)) return 'jpeg';
  return null;
}

/** Lower-case extension of a file name including the dot ('' when there is none). */
export function extensionOf(name: string): string {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot).toLowerCase() : '';
}

/** The evidence type a name claims through its extension, or null when it claims none of them. */
export function kindFromName(name: string): EvidenceKind | null {
  const ext = extensionOf(name);
  for (const t of Object.values(EVIDENCE_TYPES)) if (t.extensions.includes(ext)) return t.kind;
  return null;
}

export const UNSUPPORTED_TYPE_MESSAGE = '仅支持 PDF、JPG、PNG 格式的文件（按文件内容识别）';

export type EvidenceTypeCheck =
  | { ok: true; type: EvidenceType }
  | { ok: false; reason: 'content' | 'extension' | 'mismatch'; message: string };

/**
 * Accepts a file when its content is PDF/PNG/JPEG and its name carries a matching extension
 * (.pdf / .png / .jpg / .jpeg). The content decides; the name only has to agree with it.
 */
export function checkEvidenceType(name: string, head: Uint8Array): EvidenceTypeCheck {
  const detected = detectFileType(head);
  if (!detected) return { ok: false, reason: 'content', message: UNSUPPORTED_TYPE_MESSAGE };
  const type = EVIDENCE_TYPES[detected];
  const ext = extensionOf(name);
  const claimed = kindFromName(name);
  if (!claimed) {
    return {
      ok: false,
      reason: 'extension',
      message: `文件扩展名${ext ? `“${ext}”` : '缺失'}不受支持：文件内容为 ${type.label}，文件名应以 ${type.extensions.join(' 或 ')} 结尾`,
    };
  }
  if (claimed !== detected) {
    return {
      ok: false,
      reason: 'mismatch',
      message: `文件扩展名“${ext}”与文件内容不符：内容为 ${type.label}，扩展名却是 ${EVIDENCE_TYPES[claimed].label}`,
    };
  }
  return { ok: true, type };
}

const MAX_NAME_CHARS = 200;
// C0/C1 controls, bidi overrides/isolates (which can disguise an extension), zero-width chars and BOM.
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
// Characters that are path separators or not allowed in file names on common systems.
const RESERVED = /[/\\:*?"<>|]/g;

/**
 * A file name safe to store and to send back in Content-Disposition: the last path segment,
 * NFC-normalised, without control or direction-changing characters, without characters reserved
 * in file names, at most 200 characters (the extension kept). Chinese and other letters are kept.
 * An empty result becomes `fallback`.
 */
export function sanitizeFileName(raw: string, fallback = '证明材料'): string {
  let name = raw.normalize('NFC').replace(INVISIBLE, '');
  name = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  name = name.replace(RESERVED, '_').replace(/\s+/g, ' ');
  name = name.replace(/^[\s.]+/, '').replace(/[\s.]+$/, '');
  const chars = Array.from(name);
  if (chars.length > MAX_NAME_CHARS) {
    const ext = extensionOf(name);
    const extChars = ext.length <= 10 ? Array.from(ext) : [];
    name = chars.slice(0, MAX_NAME_CHARS - extChars.length).join('').replace(/[\s.]+$/, '') + extChars.join('');
  }
  return name || fallback;
}

/** RFC 8187 / 5987 value for `filename*=UTF-8''…`. */
export function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * `attachment; filename="<ASCII fallback>"; filename*=UTF-8''<UTF-8 name>` for a sanitised name.
 * Browsers use filename*; the ASCII fallback (non-ASCII replaced by '_') is for old clients.
 */
export function contentDisposition(name: string): string {
  const safe = sanitizeFileName(name);
  const ascii = safe.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeRfc5987(safe)}`;
}
