import { openDatabase } from './client';
import { readDatabaseEnv } from './env';

// Applies committed migrations to DATABASE_PATH (the server also does this at start).
const env = readDatabaseEnv();
const { close } = openDatabase(env.DATABASE_PATH);
close();
console.log(`已应用数据库迁移: ${env.DATABASE_PATH}`);
