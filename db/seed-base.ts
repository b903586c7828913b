import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Queryable } from './client';
import { accounts, orgUnits } from './schema';
import { insertScheme } from './repo/schemes';
import { hashPassword } from './password-hash';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

const DivisionsFile = z.object({
  asOf: z.string(),
  province: z.object({ code: z.string(), name: z.string() }),
  cities: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      counties: z.array(z.object({ code: z.string(), name: z.string(), kind: z.string() })),
    }),
  ),
});

export function readFixture(name: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8'));
}

/** The official divisions (GB/T 2260) as org units. */
export function seedDivisions(db: Queryable, file = 'zhejiang-divisions-2018.json'): number {
  const d = DivisionsFile.parse(readFixture(file));
  const rows: (typeof orgUnits.$inferInsert)[] = [
    { code: d.province.code, name: d.province.name, level: 'province', kind: 'province', parentCode: null },
  ];
  for (const c of d.cities) {
    rows.push({ code: c.code, name: c.name, level: 'city', kind: 'city', parentCode: d.province.code });
    for (const k of c.counties) rows.push({ code: k.code, name: k.name, level: 'county', kind: k.kind, parentCode: c.code });
  }
  for (const r of rows) db.insert(orgUnits).values(r).run();
  return rows.length;
}

export function seedDefaultScheme(db: Queryable, now: Date): number {
  return insertScheme(db, readFixture('default-scheme-2018.json'), now);
}

export const DEMO_PASSWORD = 'demo2018';

/** The demo's three administrators (三员), each on the province unit. */
export const DEMO_ADMINS = [
  { username: 'sysadmin', displayName: '系统管理员', role: 'sysadmin' },
  { username: 'secadmin', displayName: '安全管理员', role: 'secadmin' },
  { username: 'auditor', displayName: '安全审计员', role: 'auditor' },
] as const;

/**
 * Demo accounts: `office`, `leader`, the three administrators, and one per unit named by its code.
 * Demo seed only: a real deployment starts with `npm run create-admin`.
 */
export async function seedDemoAccounts(db: Queryable, now: Date, onlyUnits?: string[]): Promise<number> {
  const units = db.select().from(orgUnits).all();
  const province = units.find((u) => u.level === 'province');
  if (!province) throw new Error('请先导入行政区划');
  const wanted: (typeof accounts.$inferInsert)[] = [
    { username: 'office', displayName: '厅办公室', role: 'office', unitCode: province.code, passwordHash: '', createdAt: now.toISOString() },
    { username: 'leader', displayName: '厅领导', role: 'leader', unitCode: province.code, passwordHash: '', createdAt: now.toISOString() },
  ];
  for (const u of units) {
    if (u.level === 'province' || (onlyUnits && !onlyUnits.includes(u.code))) continue;
    wanted.push({
      username: u.code,
      displayName: `${u.name}住房和城乡建设局`,
      role: u.level === 'city' ? 'city' : 'county',
      unitCode: u.code,
      passwordHash: '',
      createdAt: now.toISOString(),
    });
  }
  // Last, so that the business accounts keep the ids the demo story was written with.
  for (const a of DEMO_ADMINS) wanted.push({ ...a, unitCode: province.code, passwordHash: '', createdAt: now.toISOString() });
  // Each account gets its own salt; hashing runs on libuv's thread pool in parallel.
  const hashes = await Promise.all(wanted.map(() => hashPassword(DEMO_PASSWORD)));
  wanted.forEach((w, i) => db.insert(accounts).values({ ...w, passwordHash: hashes[i] }).run());
  return wanted.length;
}
