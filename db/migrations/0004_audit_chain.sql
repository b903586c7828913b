ALTER TABLE `audit_log` ADD `prev_hash` text;--> statement-breakpoint
ALTER TABLE `audit_log` ADD `hash` text;--> statement-breakpoint
CREATE INDEX `audit_action_idx` ON `audit_log` (`action`);--> statement-breakpoint
CREATE INDEX `audit_username_idx` ON `audit_log` (`username`);--> statement-breakpoint
CREATE UNIQUE INDEX `audit_prev_hash_uq` ON `audit_log` (`prev_hash`);