import { openDatabase } from './client';
import { readEnv } from '../server/env';

// Applies committed migrations to DATABASE_PATH (the server also does this at start).
const env = readEnv();
const { close } = openDatabase(env.DATABASE_PATH);
close();
console.log(`已应用数据库迁移: ${env.DATABASE_PATH}`);
