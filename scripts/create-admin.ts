/**
 * Creates the first system administrator (系统管理员) for a real deployment (no demo data); every
 * other account (the security administrator, the auditor, the office, the bureaus) is then created
 * in the browser:
 *   SEED_DEMO=false npm run create-admin -- --username admin
 * The password is read from ADMIN_PASSWORD or asked for on the terminal.
 */
import { parseArgs } from 'node:util';
import readline from 'node:readline/promises';
import { eq } from 'drizzle-orm';
import { openDatabase } from '../db/client';
import { seedIfEmpty } from '../db/seed';
import { accounts, orgUnits } from '../db/schema';
import { hashPassword } from '../db/password-hash';
import { passwordProblem } from '../server/auth/password';
import { writeAudit } from '../server/services/audit';
import { readEnv } from '../server/env';

const { values } = parseArgs({ options: { username: { type: 'string', default: 'admin' }, name: { type: 'string', default: '系统管理员' } } });
const env = readEnv({ ...process.env, SEED_DEMO: process.env.SEED_DEMO ?? 'false' });
const { db, close } = openDatabase(env.DATABASE_PATH);
await seedIfEmpty(db, { demo: env.SEED_DEMO, now: new Date() });

let password = process.env.ADMIN_PASSWORD ?? '';
if (!password) {
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
  password = await rl.question('请输入新管理员密码（至少 8 位，含字母和数字）: ');
  rl.close();
}
const problem = passwordProblem(password);
if (problem) {
  console.error(problem);
  process.exit(1);
}
const username = values.username!;
if (db.select().from(accounts).where(eq(accounts.username, username)).get()) {
  console.error(`账号 ${username} 已存在`);
  process.exit(1);
}
const province = db.select().from(orgUnits).where(eq(orgUnits.level, 'province')).get();
if (!province) throw new Error('数据库中没有省级单位');
const hash = await hashPassword(password);
const now = new Date();
db.transaction((tx) => {
  const row = tx
    .insert(accounts)
    .values({ username, displayName: values.name!, role: 'sysadmin', unitCode: province.code, passwordHash: hash, createdAt: now.toISOString() })
    .returning({ id: accounts.id })
    .get();
  writeAudit(tx, { accountId: null, username: 'create-admin' }, now, { action: 'account.create', entity: 'account', entityId: row.id, unitCode: province.code, after: { username, role: 'sysadmin' } });
});
close();
console.log(`已创建系统管理员账号 ${username}，请登录后在“账号管理”中创建安全管理员、安全审计员和各单位账号`);
