import type { DB } from '../../db/client';
import { orgUnits } from '../../db/schema';
import type { UnitLevel } from '../../shared/roles';

export interface OrgUnit {
  code: string;
  name: string;
  level: UnitLevel;
  kind: string;
  parentCode: string | null;
  validFrom: string | null;
  validTo: string | null;
}

/** City and county bureaus: the units that report each quarter (not the province, not its divisions). */
export function isBureau(u: Pick<OrgUnit, 'level'>): boolean {
  return u.level === 'city' || u.level === 'county';
}

/**
 * The org units, read once and kept in memory: ~100 rows (3,000 at national scale) that every
 * permission check and every ranking needs. Call `reload()` after changing org units.
 */
export class UnitDirectory {
  private byCode = new Map<string, OrgUnit>();
  private children = new Map<string, OrgUnit[]>();
  private list: OrgUnit[] = [];
  private memo = new Map<string, unknown>();

  constructor(private readonly db: DB) {
    this.reload();
  }

  reload(): void {
    const rows = this.db.select().from(orgUnits).orderBy(orgUnits.code).all();
    this.byCode = new Map(rows.map((r) => [r.code, r]));
    this.list = rows;
    this.memo = new Map();
    this.children = new Map();
    for (const r of rows) {
      if (!r.parentCode) continue;
      const list = this.children.get(r.parentCode) ?? [];
      list.push(r);
      this.children.set(r.parentCode, list);
    }
  }

  get(code: string): OrgUnit | undefined {
    return this.byCode.get(code);
  }

  all(): OrgUnit[] {
    return [...this.list];
  }

  /**
   * A value derived from the units only (e.g. the units a view scores), computed once per key until
   * the next `reload()`.
   */
  derived<T>(key: string, make: (units: readonly OrgUnit[]) => T): T {
    if (!this.memo.has(key)) this.memo.set(key, make(this.list));
    return this.memo.get(key) as T;
  }

  childrenOf(code: string): OrgUnit[] {
    return this.children.get(code) ?? [];
  }

  /** Units that existed on a given day (inclusive bounds). */
  existingOn(day: string, level?: UnitLevel): OrgUnit[] {
    return this.all().filter(
      (u) => (!level || u.level === level) && (!u.validFrom || u.validFrom <= day) && (!u.validTo || u.validTo >= day),
    );
  }
}
