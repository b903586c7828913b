CREATE TABLE `org_units` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`level` text NOT NULL,
	`kind` text NOT NULL,
	`parent_code` text,
	`valid_from` text,
	`valid_to` text
);
--> statement-breakpoint
CREATE INDEX `org_units_parent_idx` ON `org_units` (`parent_code`);--> statement-breakpoint
CREATE TABLE `accounts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`username` text NOT NULL,
	`display_name` text NOT NULL,
	`password_hash` text NOT NULL,
	`role` text NOT NULL,
	`unit_code` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` text NOT NULL,
	`password_changed_at` text,
	FOREIGN KEY (`unit_code`) REFERENCES `org_units`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_username_unique` ON `accounts` (`username`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`account_id` integer NOT NULL,
	`created_at` text NOT NULL,
	`last_seen_at` text NOT NULL,
	`ip` text,
	`user_agent` text,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_account_idx` ON `sessions` (`account_id`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`account_id` integer,
	`username` text,
	`action` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text,
	`unit_code` text,
	`report_id` integer,
	`before` text,
	`after` text,
	`ip` text
);
--> statement-breakpoint
CREATE INDEX `audit_at_idx` ON `audit_log` (`at`);--> statement-breakpoint
CREATE INDEX `audit_unit_idx` ON `audit_log` (`unit_code`);--> statement-breakpoint
CREATE INDEX `audit_report_idx` ON `audit_log` (`report_id`);--> statement-breakpoint
CREATE TABLE `indicators` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`scheme_id` integer NOT NULL,
	`position` integer NOT NULL,
	`code` text NOT NULL,
	`group_code` text NOT NULL,
	`name` text NOT NULL,
	`rule` text NOT NULL,
	`points_city` real,
	`points_county` real,
	`definition` text NOT NULL,
	FOREIGN KEY (`scheme_id`) REFERENCES `schemes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `indicators_scheme_code_idx` ON `indicators` (`scheme_id`,`code`);--> statement-breakpoint
CREATE TABLE `periods` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`scheme_id` integer NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`opens` text NOT NULL,
	`due` text NOT NULL,
	`locks` text NOT NULL,
	`annual` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`scheme_id`) REFERENCES `schemes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `periods_code_unique` ON `periods` (`code`);--> statement-breakpoint
CREATE UNIQUE INDEX `periods_scheme_code_idx` ON `periods` (`scheme_id`,`code`);--> statement-breakpoint
CREATE TABLE `schemes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`year` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`title` text NOT NULL,
	`disclosure_weight` real NOT NULL,
	`min_disclosure_weight` real,
	`grades` text NOT NULL,
	`groups` text NOT NULL,
	`frozen` integer DEFAULT false NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `schemes_year_unique` ON `schemes` (`year`);--> statement-breakpoint
CREATE TABLE `adjustments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`year` integer NOT NULL,
	`unit_code` text NOT NULL,
	`cents` integer NOT NULL,
	`reason` text NOT NULL,
	`account_id` integer,
	`at` text NOT NULL,
	FOREIGN KEY (`unit_code`) REFERENCES `org_units`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `adjustments_year_unit_idx` ON `adjustments` (`year`,`unit_code`);--> statement-breakpoint
CREATE TABLE `due_extensions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`period_id` integer NOT NULL,
	`unit_code` text NOT NULL,
	`due` text NOT NULL,
	`reason` text NOT NULL,
	`account_id` integer,
	`at` text NOT NULL,
	FOREIGN KEY (`period_id`) REFERENCES `periods`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`unit_code`) REFERENCES `org_units`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `due_extensions_period_unit_idx` ON `due_extensions` (`period_id`,`unit_code`);--> statement-breakpoint
CREATE TABLE `evidence_files` (
	`hash` text PRIMARY KEY NOT NULL,
	`original_name` text NOT NULL,
	`mime` text NOT NULL,
	`size` integer NOT NULL,
	`unit_code` text NOT NULL,
	`uploaded_by` integer,
	`uploaded_at` text NOT NULL,
	FOREIGN KEY (`unit_code`) REFERENCES `org_units`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`uploaded_by`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `manual_scores` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`year` integer NOT NULL,
	`unit_code` text NOT NULL,
	`indicator_code` text NOT NULL,
	`cents` integer NOT NULL,
	`reason` text NOT NULL,
	`account_id` integer,
	`at` text NOT NULL,
	FOREIGN KEY (`unit_code`) REFERENCES `org_units`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `manual_scores_year_unit_indicator_idx` ON `manual_scores` (`year`,`unit_code`,`indicator_code`);--> statement-breakpoint
CREATE TABLE `notices` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unit_code` text NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`report_id` integer,
	`created_at` text NOT NULL,
	`read_at` text,
	FOREIGN KEY (`unit_code`) REFERENCES `org_units`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `notices_unit_idx` ON `notices` (`unit_code`);--> statement-breakpoint
CREATE INDEX `notices_report_idx` ON `notices` (`report_id`);--> statement-breakpoint
CREATE TABLE `ranking_publications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`year` integer NOT NULL,
	`version` integer NOT NULL,
	`reason` text,
	`account_id` integer,
	`published_at` text NOT NULL,
	`snapshot` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ranking_publications_year_version_idx` ON `ranking_publications` (`year`,`version`);--> statement-breakpoint
CREATE TABLE `report_values` (
	`version_id` integer NOT NULL,
	`indicator_code` text NOT NULL,
	`date` text,
	`numerator` real,
	`denominator` real,
	`count` real,
	`yes` integer,
	`extra` text,
	`evidence_url` text,
	`evidence_file` text,
	`note` text,
	PRIMARY KEY(`version_id`, `indicator_code`),
	FOREIGN KEY (`version_id`) REFERENCES `report_versions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `report_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`report_id` integer NOT NULL,
	`version` integer NOT NULL,
	`created_at` text NOT NULL,
	`created_by` integer,
	`submitted_at` text,
	`submitted_by` integer,
	`source` text DEFAULT 'web' NOT NULL,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`submitted_by`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `report_versions_report_version_idx` ON `report_versions` (`report_id`,`version`);--> statement-breakpoint
CREATE TABLE `reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unit_code` text NOT NULL,
	`period_id` integer NOT NULL,
	`status` text NOT NULL,
	`current_version` integer DEFAULT 1 NOT NULL,
	`revision` integer DEFAULT 0 NOT NULL,
	`first_submitted_at` text,
	`last_submitted_at` text,
	`return_reason` text,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`unit_code`) REFERENCES `org_units`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`period_id`) REFERENCES `periods`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reports_unit_period_idx` ON `reports` (`unit_code`,`period_id`);--> statement-breakpoint
CREATE INDEX `reports_period_idx` ON `reports` (`period_id`);--> statement-breakpoint
CREATE TABLE `review_actions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`report_id` integer NOT NULL,
	`version` integer NOT NULL,
	`action` text NOT NULL,
	`reason` text,
	`account_id` integer,
	`at` text NOT NULL,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `review_actions_report_idx` ON `review_actions` (`report_id`);--> statement-breakpoint
CREATE TABLE `review_flags` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`report_id` integer NOT NULL,
	`version` integer NOT NULL,
	`indicator_code` text NOT NULL,
	`comment` text NOT NULL,
	`account_id` integer,
	`at` text NOT NULL,
	`resolved_at` text,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `review_flags_report_idx` ON `review_flags` (`report_id`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
