import { desc, like } from 'drizzle-orm';
import type { DB, Queryable } from '../../../db/client';
import { rankingPublications, settings } from '../../../db/schema';
import { readSetting, writeSetting } from '../../../db/repo/settings';
import type { Cents } from '../../../shared/scoring';
import type { ScoreRun } from '../scores';
import { writeAudit, type AuditActor } from '../audit';

/**
 * What the public may see of a year (clause 六: 以适当形式向社会公开绩效评价结果): only what a
 * publication snapshot holds — each city's rank, S and grade, the divisions' ranking when the office
 * marks it public, and the fund performance evaluation results. Never adjustment reasons, notes,
 * explanations or people.
 */
export interface PublicYear {
  year: number;
  title: string;
  version: number;
  publishedOn: string;
  cities: PublicRow[];
  divisions: PublicRow[] | null;
  evaluations: PublicEvaluation[];
}

export interface PublicRow {
  rank: number;
  name: string;
  S: Cents;
  grade: string | null;
}

export interface PublicEvaluation {
  indicator: string;
  rows: { name: string; published: boolean; score: number | null }[];
}

const divisionsKey = (year: number) => `public.divisions.${year}`;

export function divisionsPublic(db: Queryable, year: number): boolean {
  return readSetting(db, divisionsKey(year)) === '1';
}

/** The office marks a year's published divisions' ranking public (or not). */
export function setDivisionsPublic(db: DB, actor: AuditActor, now: Date, year: number, value: boolean) {
  return db.transaction((tx) => {
    const before = divisionsPublic(tx, year);
    writeSetting(tx, divisionsKey(year), value ? '1' : '0');
    writeAudit(tx, actor, now, { action: 'public.divisions', entity: 'setting', entityId: divisionsKey(year), before: { public: before }, after: { public: value } });
    return { year, public: value };
  });
}

/** Fund performance evaluations are the published scheme's indicators named 绩效评价 (clauses 六 and 十). */
const isEvaluation = (name: string) => name.includes('绩效评价');

/** The latest publication of every year, newest year first, reduced to what the public may see. */
export function publicResults(db: Queryable): PublicYear[] {
  const rows = db.select().from(rankingPublications).orderBy(desc(rankingPublications.year), desc(rankingPublications.version)).all();
  const latest = new Map<number, (typeof rows)[number]>();
  for (const r of rows) if (!latest.has(r.year)) latest.set(r.year, r);
  return [...latest.values()].map((p) => {
    const run = p.snapshot as ScoreRun;
    const cities = run.cities.map((c) => ({ rank: c.rank, name: c.name, S: c.S, grade: c.grade }));
    const divisions = divisionsPublic(db, p.year) && run.divisions?.length ? run.divisions.map((d) => ({ rank: d.rank, name: d.name, S: d.S, grade: d.grade })) : null;
    const evalNames = new Map<string, string>();
    for (const c of run.cities) for (const i of run.units[c.code]?.indicators ?? []) if (i.rule === 'boolean' && isEvaluation(i.name)) evalNames.set(i.code, i.name);
    const evaluations = [...evalNames].map(([code, name]) => ({
      indicator: name,
      rows: run.cities.map((c) => {
        const ind = run.units[c.code]?.indicators.find((i) => i.code === code);
        const score = ind?.values.extra ? Object.values(ind.values.extra).find((v): v is number => typeof v === 'number') ?? null : null;
        return { name: c.name, published: ind?.values.yes === true && ind.score > 0, score };
      }),
    }));
    return { year: p.year, title: run.title, version: p.version, publishedOn: p.publishedAt, cities, divisions, evaluations };
  });
}

/** Cheap fingerprint of everything the public page shows: publications and the divisions flags. */
export function publicFingerprint(db: Queryable): string {
  const pubs = db.select({ id: rankingPublications.id }).from(rankingPublications).orderBy(desc(rankingPublications.id)).get()?.id ?? 0;
  const flags = db.select().from(settings).where(like(settings.key, 'public.%')).all().map((s) => `${s.key}=${s.value}`).join(',');
  return `${pubs}|${flags}`;
}


