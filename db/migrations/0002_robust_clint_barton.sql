CREATE TABLE `division_duties` (
	`unit_code` text PRIMARY KEY NOT NULL,
	`duties` text NOT NULL,
	FOREIGN KEY (`unit_code`) REFERENCES `org_units`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `ledger_tasks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`year` integer NOT NULL,
	`position` integer NOT NULL,
	`clause` text NOT NULL,
	`text` text NOT NULL,
	`owners` text NOT NULL,
	`recurrence` text NOT NULL,
	`due` text,
	`quarter_due_days` integer,
	`first_quarter` integer,
	`evidence_required` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `ledger_tasks_year_idx` ON `ledger_tasks` (`year`);--> statement-breakpoint
CREATE TABLE `task_report_actions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`task_report_id` integer NOT NULL,
	`version` integer NOT NULL,
	`action` text NOT NULL,
	`reason` text,
	`account_id` integer,
	`at` text NOT NULL,
	FOREIGN KEY (`task_report_id`) REFERENCES `task_reports`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `task_report_actions_report_idx` ON `task_report_actions` (`task_report_id`);--> statement-breakpoint
CREATE TABLE `task_report_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`task_report_id` integer NOT NULL,
	`version` integer NOT NULL,
	`progress` text NOT NULL,
	`completed_on` text,
	`evidence_url` text,
	`evidence_file` text,
	`note` text,
	`submitted_at` text NOT NULL,
	`submitted_by` integer,
	FOREIGN KEY (`task_report_id`) REFERENCES `task_reports`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`submitted_by`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `task_report_versions_report_version_idx` ON `task_report_versions` (`task_report_id`,`version`);--> statement-breakpoint
CREATE TABLE `task_reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`task_id` integer NOT NULL,
	`instance` text NOT NULL,
	`unit_code` text NOT NULL,
	`status` text NOT NULL,
	`current_version` integer NOT NULL,
	`revision` integer DEFAULT 0 NOT NULL,
	`return_reason` text,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`task_id`) REFERENCES `ledger_tasks`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`unit_code`) REFERENCES `org_units`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `task_reports_task_instance_unit_idx` ON `task_reports` (`task_id`,`instance`,`unit_code`);--> statement-breakpoint
CREATE INDEX `task_reports_unit_idx` ON `task_reports` (`unit_code`);