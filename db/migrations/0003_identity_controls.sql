CREATE TABLE `login_failures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` integer NOT NULL,
	`at` text NOT NULL,
	`ip` text,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `login_failures_account_idx` ON `login_failures` (`account_id`,`at`);--> statement-breakpoint
CREATE TABLE `password_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` integer NOT NULL,
	`password_hash` text NOT NULL,
	`changed_at` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `password_history_account_idx` ON `password_history` (`account_id`,`changed_at`);--> statement-breakpoint
ALTER TABLE `accounts` ADD `phone` text;--> statement-breakpoint
ALTER TABLE `accounts` ADD `must_change_password` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `accounts` ADD `locked_until` text;--> statement-breakpoint
ALTER TABLE `accounts` ADD `failures_count_from` text;--> statement-breakpoint
ALTER TABLE `accounts` ADD `last_login_at` text;--> statement-breakpoint
ALTER TABLE `accounts` ADD `last_login_ip` text;--> statement-breakpoint
ALTER TABLE `sessions` ADD `previous_login_at` text;--> statement-breakpoint
ALTER TABLE `sessions` ADD `previous_login_ip` text;--> statement-breakpoint
ALTER TABLE `sessions` ADD `failures_before` integer DEFAULT 0 NOT NULL;