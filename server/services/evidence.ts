import { and, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { auditLog, evidenceFiles } from '../../db/schema';
import type { SessionUser } from '../auth/sessions';
import { canAccessUnit } from '../access';
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
