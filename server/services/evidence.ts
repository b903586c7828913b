import { and, eq, inArray } from 'drizzle-orm';
import type { DB, Queryable } from '../../db/client';
import { auditLog, evidenceFiles } from '../../db/schema';
import type { SessionUser } from '../auth/sessions';
import { canAccessUnit } from '../access';
import { writeAudit, type AuditActor } from './audit';
import type { UnitDirectory } from './unit-directory';

export type EvidenceRow = typeof evidenceFiles.$inferSelect;

/**
 * The units that uploaded this content: the unit its row was stored for and every other unit that
 * uploaded the same bytes later (stored once, recorded by their evidence.upload audit rows).
 */
function uploaderUnits(db: Queryable, row: EvidenceRow): string[] {
  const others = db
    .selectDistinct({ unitCode: auditLog.unitCode })
    .from(auditLog)
    .where(and(eq(auditLog.action, 'evidence.upload'), eq(auditLog.entity, 'evidence_file'), eq(auditLog.entityId, row.hash)))
    .all()
    .map((r) => r.unitCode)
    .filter((c): c is string => !!c && c !== row.unitCode);
  return [row.unitCode, ...others];
}

/**
 * The evidence files among `hashes` the account may read (a unit that uploaded it, or one the
 * account may read by the access module). Missing files and files of other units are alike absent.
 */
export function readableEvidence(db: Queryable, units: Pick<UnitDirectory, 'get'>, user: SessionUser, hashes: readonly string[]): Map<string, EvidenceRow> {
  const out = new Map<string, EvidenceRow>();
  if (!hashes.length) return out;
  const rows = db.select().from(evidenceFiles).where(inArray(evidenceFiles.hash, [...new Set(hashes)])).all();
  for (const row of rows) {
    const readable = uploaderUnits(db, row).some((code) => {
      const unit = units.get(code);
      return !!unit && canAccessUnit(user, unit, 'read');
    });
    if (readable) out.set(row.hash, row);
  }
  return out;
}

/**
 * Records an uploaded evidence file whose bytes are already in place under their hash: one row per
 * content (the first uploader's), one `evidence.upload` audit row per upload. Returns whether the
 * content was new.
 */
export function recordEvidenceUpload(
  db: DB,
  actor: AuditActor,
  now: Date,
  file: { hash: string; originalName: string; mime: string; size: number; unitCode: string; uploadedBy: number },
): { stored: 'new' | 'existing' } {
  return db.transaction((tx) => {
    const existing = tx.select({ hash: evidenceFiles.hash }).from(evidenceFiles).where(eq(evidenceFiles.hash, file.hash)).get();
    if (!existing) tx.insert(evidenceFiles).values({ ...file, uploadedAt: now.toISOString() }).run();
    const stored = existing ? ('existing' as const) : ('new' as const);
    writeAudit(tx, actor, now, {
      action: 'evidence.upload',
      entity: 'evidence_file',
      entityId: file.hash,
      unitCode: file.unitCode,
      after: { originalName: file.originalName, mime: file.mime, size: file.size, stored },
    });
    return { stored };
  });
}

/** Whether a row points to this content. */
export function evidenceRecorded(db: Queryable, hash: string): boolean {
  return !!db.select({ hash: evidenceFiles.hash }).from(evidenceFiles).where(eq(evidenceFiles.hash, hash)).get();
}
