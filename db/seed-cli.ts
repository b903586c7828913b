import { openDatabase } from './client';
import { seedIfEmpty } from './seed';
import { readDatabaseEnv } from './env';

// Seeds an empty database: divisions and the 2018 scheme; demo accounts and story unless SEED_DEMO=false.
const env = readDatabaseEnv();
const { db, close } = openDatabase(env.DATABASE_PATH);
const r = await seedIfEmpty(db, { demo: env.SEED_DEMO, now: new Date() });
close();
console.log(r.seeded ? `已初始化 ${r.units} 个单位${r.demo ? `、${r.accounts} 个演示账号和演示数据` : ''}` : '数据库已有数据，未做改动');
