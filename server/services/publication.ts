import { and, desc, eq, sql } from 'drizzle-orm';
import type { DB, Queryable } from '../../db/client';
import { accounts, rankingPublications, schemes } from '../../db/schema';
import type { SessionUser } from '../auth/sessions';
import { canAccessUnit, policyOf } from '../access';
import { Invalid, NotFound } from '../errors';
import { writeAudit, type AuditActor } from './audit';
import type { ScoreRun } from './scores';
import { storedScores } from './derived/stored-scores';
import { keepDerived } from './derived/keep';
import type { UnitDirectory } from './unit-directory';

export interface Publication {
  version: number;
  publishedAt: string;
  reason: string | null;
  publishedBy: string | null;
}

export function listPublications(db: Queryable, year: number): Publication[] {
  return db
    .select({ version: rankingPublications.version, publishedAt: rankingPublications.publishedAt, reason: rankingPublications.reason, publishedBy: accounts.displayName })
    .from(rankingPublications)
    .leftJoin(accounts, eq(accounts.id, rankingPublications.accountId))
    .where(eq(rankingPublications.year, year))
    .orderBy(desc(rankingPublications.version))
    .all();
}

/** A stored snapshot: later edits never change it. */
export function readPublication(db: Queryable, year: number, version?: number): { publication: Publication; run: ScoreRun } | null {
  const row = db
    .select()
    .from(rankingPublications)
    .where(and(eq(rankingPublications.year, year), version ? eq(rankingPublications.version, version) : undefined))
    .orderBy(desc(rankingPublications.version))
    .get();
  if (!row) return null;
  const by = row.accountId ? db.select({ n: accounts.displayName }).from(accounts).where(eq(accounts.id, row.accountId)).get()?.n ?? null : null;
  return {
    publication: { version: row.version, publishedAt: row.publishedAt, reason: row.reason, publishedBy: by },
    // Snapshots published before divisions were scored have no `divisions`.
    run: { ...(row.snapshot as ScoreRun), divisions: (row.snapshot as Partial<ScoreRun>).divisions ?? [] },
  };
}

const rankings = new WeakMap<object, Map<string, ScoreRun>>();

/**
 * A published ranking without the units' explanations (`units` is empty), for the ranking page.
 * A national snapshot is ~14 MB of JSON, mostly explanations, and parsing it cost ~130 ms of CPU on
 * every leader's first ranking after any write; snapshots never change, so the ranking part is
 * read once per (year, version), with SQLite dropping the explanations before JavaScript parses it.
 */
export function readPublishedRanking(db: Queryable, year: number, version?: number): { publication: Publication; run: ScoreRun } | null {
  const row = db
    .select({ version: rankingPublications.version, publishedAt: rankingPublications.publishedAt, reason: rankingPublications.reason, accountId: rankingPublications.accountId })
    .from(rankingPublications)
    .where(and(eq(rankingPublications.year, year), version ? eq(rankingPublications.version, version) : undefined))
    .orderBy(desc(rankingPublications.version))
    .get();
  if (!row) return null;
  const by = row.accountId ? (db.select({ n: accounts.displayName }).from(accounts).where(eq(accounts.id, row.accountId)).get()?.n ?? null) : null;
  let perDb = rankings.get(db);
  if (!perDb) rankings.set(db, (perDb = new Map()));
  const key = `${year}|${row.version}`;
  let run = perDb.get(key);
  if (!run) {
    const text = db.get<{ s: string }>(sql`select json_remove(snapshot, '$.units') as s from ranking_publications where year = ${year} and version = ${row.version}`)!.s;
    const parsed = JSON.parse(text) as Partial<ScoreRun> & Omit<ScoreRun, 'units' | 'divisions'>;
    run = { ...parsed, divisions: parsed.divisions ?? [], units: {} };
    perDb.set(key, run);
  }
  return { publication: { version: row.version, publishedAt: row.publishedAt, reason: row.reason, publishedBy: by }, run };
}

/** Publishes the year's annual ranking as a new version and freezes the year's scheme. */
export function publishRanking(db: DB, units: UnitDirectory, actor: AuditActor, user: SessionUser, now: Date, year: number, reason?: string) {
  return db.transaction((tx) => {
    const keep = keepDerived(tx);
    const last = tx
      .select({ v: sql<number>`max(${rankingPublications.version})` })
      .from(rankingPublications)
      .where(eq(rankingPublications.year, year))
      .get()?.v;
    if (last && (reason?.trim().length ?? 0) < 2) {
      throw new Invalid(`${year} 年度排名已发布第 ${last} 版，重新发布须填写理由`, [{ path: 'reason', message: '重新发布须填写理由' }]);
    }
    const scheme = tx.select().from(schemes).where(eq(schemes.year, year)).get();
    if (!scheme) throw new NotFound(`${year} 年度考核方案不存在`);
    const run = storedScores(tx, units, { year }, { details: 'all' });
    const version = (last ?? 0) + 1;
    tx.insert(rankingPublications)
      .values({ year, version, reason: reason?.trim() || null, accountId: user.accountId, publishedAt: now.toISOString(), snapshot: run })
      .run();
    tx.update(schemes).set({ frozen: true, updatedAt: now.toISOString() }).where(eq(schemes.id, scheme.id)).run();
    writeAudit(tx, actor, now, {
      action: 'scores.publish',
      entity: 'ranking_publication',
      entityId: `${year}v${version}`,
      after: { year, version, reason: reason ?? null, cities: run.cities.map((c) => ({ code: c.code, rank: c.rank, S: c.S })) },
    });
    // Freezing the scheme changes no figure.
    keep.finish(units);
    return { year, version, publishedAt: now.toISOString() };
  });
}

/**
 * What an account may see of a ranking: the office and leaders everything; a bureau every city's
 * totals and its own details (a city also its counties').
 */
export function redactRun(run: ScoreRun, user: SessionUser): ScoreRun {
  if (policyOf(user.role).reads === 'all') return run;
  const own = (code: string, parent?: string | null) => canAccessUnit(user, { code, parentCode: parent ?? null }, 'read');
  const divisions = run.divisions ?? [];
  return {
    ...run,
    // Divisions see the divisions' totals (and their own details); bureaus do not rank the department.
    divisions: policyOf(user.role).readsLedger === 'own' ? divisions.map((d) => (own(d.code) ? d : { ...d, groups: {}, raw: d.S, adjustmentTotal: 0 })) : [],
    cities: run.cities.map((c) => (own(c.code) ? c : { ...c, groups: {}, raw: c.S, adjustmentTotal: 0 })),
    counties: run.counties.filter((c) => own(c.code, c.cityCode)),
    units: Object.fromEntries(
      Object.entries(run.units).filter(([code]) => {
        const county = run.counties.find((c) => c.code === code);
        return own(code, county?.cityCode);
      }),
    ),
  };
}
