import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database_ } from '../client';
import { seedDefaultScheme } from '../seed-base';
import { readScheme, readSchemeShared } from './schemes';

const DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'zwgk-scheme-cache-'));
const FILE = path.join(DIR, 'a.db');
let d: Database_;

beforeAll(() => {
  d = openDatabase(FILE);
  seedDefaultScheme(d.db, new Date('2018-01-01T00:00:00Z'));
});

afterAll(() => {
  d?.close();
  fs.rmSync(DIR, { recursive: true, force: true });
});

const nameOf = (code: string) => readScheme(d.db, 2018)!.scheme.indicators.find((i) => i.code === code)!.name;
const renameSql = "update indicators set definition = json_set(definition, '$.name', ?) where code = ? and scheme_id = (select id from schemes where year = 2018)";

describe('readScheme, remembered per database', () => {
  it('sees a change written on the same connection, and one written by another connection', () => {
    const code = readScheme(d.db, 2018)!.scheme.indicators[0].code;
    d.sqlite.prepare(renameSql).run('同一连接改名', code);
    expect(nameOf(code)).toBe('同一连接改名');
    const other = new Database(FILE);
    other.prepare(renameSql).run('另一连接改名', code);
    other.close();
    expect(nameOf(code)).toBe('另一连接改名');
    // A period's dates changed in place (same ids, same count of rows).
    d.sqlite.prepare("update periods set due = '2018-04-20' where code = '2018Q1'").run();
    expect(readScheme(d.db, 2018)!.scheme.periods.find((p) => p.code === '2018Q1')!.due).toBe('2018-04-20');
  });

  it('does not keep what a rolled-back transaction read: a later, different change is seen', () => {
    const code = readScheme(d.db, 2018)!.scheme.indicators[1].code;
    expect(() =>
      d.sqlite.transaction(() => {
        d.sqlite.prepare(renameSql).run('回滚前的名称', code);
        expect(nameOf(code)).toBe('回滚前的名称');
        throw new Error('rollback');
      })(),
    ).toThrow('rollback');
    // No read in between: the committed change takes the stamp the rolled-back one had, were it a counter.
    d.sqlite.prepare(renameSql).run('提交后的名称', code);
    expect(nameOf(code)).toBe('提交后的名称');
  });

  it('gives hot paths the remembered scheme frozen, and everyone else a copy of their own', () => {
    const shared = readSchemeShared(d.db, 2018)!;
    expect(readSchemeShared(d.db, 2018)).toBe(shared);
    expect(() => {
      (shared.scheme.indicators[0] as { name: string }).name = '改不了';
    }).toThrow(TypeError);
    const copy = readScheme(d.db, 2018)!;
    copy.scheme.indicators[0].name = '副本可以改';
    expect(readScheme(d.db, 2018)!.scheme.indicators[0].name).not.toBe('副本可以改');
    expect(readScheme(d.db, 1999)).toBeNull();
  });
});
