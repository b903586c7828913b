-- The audit log is append-only (see db/audit-chain.ts and docs/security.md).
-- A new row must carry its chain hashes, may not replace an existing row (INSERT OR REPLACE deletes
-- without firing delete triggers) and may not chain to a predecessor another row already chains to.
CREATE TRIGGER `audit_log_insert_chained` BEFORE INSERT ON `audit_log`
WHEN NEW.`hash` IS NULL OR NEW.`prev_hash` IS NULL
  OR (NEW.`id` IS NOT NULL AND EXISTS (SELECT 1 FROM `audit_log` WHERE `id` = NEW.`id`))
  OR EXISTS (SELECT 1 FROM `audit_log` WHERE `prev_hash` = NEW.`prev_hash`)
BEGIN
  SELECT RAISE(ABORT, '审计日志只能追加：新行须带哈希链，且不能替换或分叉已有的行');
END;
--> statement-breakpoint
-- No row is ever changed. The one exception: a row written before the hash chain existed (hash NULL)
-- is sealed once, at start, by setting only its prev_hash and hash.
CREATE TRIGGER `audit_log_no_update` BEFORE UPDATE ON `audit_log`
WHEN OLD.`hash` IS NOT NULL
  OR NEW.`id` IS NOT OLD.`id` OR NEW.`at` IS NOT OLD.`at` OR NEW.`account_id` IS NOT OLD.`account_id`
  OR NEW.`username` IS NOT OLD.`username` OR NEW.`action` IS NOT OLD.`action` OR NEW.`entity` IS NOT OLD.`entity`
  OR NEW.`entity_id` IS NOT OLD.`entity_id` OR NEW.`unit_code` IS NOT OLD.`unit_code` OR NEW.`report_id` IS NOT OLD.`report_id`
  OR NEW.`before` IS NOT OLD.`before` OR NEW.`after` IS NOT OLD.`after` OR NEW.`ip` IS NOT OLD.`ip`
BEGIN
  SELECT RAISE(ABORT, '审计日志不可修改');
END;
--> statement-breakpoint
-- A row leaves the database only after an `audit.archive` row later in the chain records the archive
-- file (its SHA-256) that holds it, and only if it is older than that archive's cut-off.
CREATE TRIGGER `audit_log_no_delete` BEFORE DELETE ON `audit_log`
WHEN NOT EXISTS (
  SELECT 1 FROM `audit_log` a
  WHERE a.`action` = 'audit.archive' AND a.`id` > OLD.`id`
    AND json_extract(a.`after`, '$.lastId') >= OLD.`id`
    AND OLD.`at` < json_extract(a.`after`, '$.before')
)
BEGIN
  SELECT RAISE(ABORT, '审计日志不可删除：只能删除已归档（归档文件哈希已记入审计链）且超过保存期的行');
END;
