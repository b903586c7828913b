CREATE TABLE `annual_report_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`report_id` integer NOT NULL,
	`version` integer NOT NULL,
	`data` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` integer,
	`submitted_at` text,
	`submitted_by` integer,
	`source` text DEFAULT 'web' NOT NULL,
	FOREIGN KEY (`report_id`) REFERENCES `annual_reports`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`submitted_by`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `annual_report_versions_report_version_idx` ON `annual_report_versions` (`report_id`,`version`);--> statement-breakpoint
CREATE TABLE `annual_report_years` (
	`year` integer PRIMARY KEY NOT NULL,
	`format_id` text NOT NULL,
	`due` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `annual_reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unit_code` text NOT NULL,
	`year` integer NOT NULL,
	`status` text NOT NULL,
	`current_version` integer DEFAULT 1 NOT NULL,
	`revision` integer DEFAULT 0 NOT NULL,
	`first_submitted_at` text,
	`last_submitted_at` text,
	`return_reason` text,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`unit_code`) REFERENCES `org_units`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`year`) REFERENCES `annual_report_years`(`year`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `annual_reports_unit_year_idx` ON `annual_reports` (`unit_code`,`year`);--> statement-breakpoint
CREATE INDEX `annual_reports_year_idx` ON `annual_reports` (`year`);--> statement-breakpoint
CREATE TABLE `annual_review_actions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`report_id` integer NOT NULL,
	`version` integer NOT NULL,
	`action` text NOT NULL,
	`reason` text,
	`account_id` integer,
	`at` text NOT NULL,
	FOREIGN KEY (`report_id`) REFERENCES `annual_reports`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `annual_review_actions_report_idx` ON `annual_review_actions` (`report_id`);