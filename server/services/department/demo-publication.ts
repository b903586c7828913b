import { eq } from 'drizzle-orm';
import { accounts, orgUnits } from '../../../db/schema';
import type { Services } from '../../context';
import { publishRanking } from '../publication';
import { setDivisionsPublic } from './public-results';

/**
 * The demo's published 2018 results: the office publishes the year's ranking (cities, counties and
 * the divisions) as of the demo day and shows the divisions' ranking on the public page. Run by the
 * server after seeding a fresh demo database (scoring lives in the server, not in db/).
 */
export function publishDemoResults(services: Services, year: number): void {
  const { db } = services;
  const office = db.select().from(accounts).where(eq(accounts.username, 'office')).get();
  if (!office) return;
  const unit = db.select().from(orgUnits).where(eq(orgUnits.code, office.unitCode)).get()!;
  const now = services.now();
  const actor = { accountId: office.id, username: office.username, ip: null };
  const user = { accountId: office.id, username: office.username, displayName: office.displayName, role: office.role, unitCode: unit.code, unitName: unit.name, unitLevel: unit.level, unitParentCode: unit.parentCode, mustChangePassword: false };
  publishRanking(db, services.units, actor, user, now, year, '演示数据：2018 年度考核结果（截至演示日）');
  setDivisionsPublic(db, actor, now, year, true);
}
