CREATE TABLE `budget_item_actions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`item_id` integer NOT NULL,
	`version` integer NOT NULL,
	`action` text NOT NULL,
	`reason` text,
	`account_id` integer,
	`at` text NOT NULL,
	FOREIGN KEY (`item_id`) REFERENCES `budget_items`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `budget_item_actions_item_idx` ON `budget_item_actions` (`item_id`);--> statement-breakpoint
CREATE TABLE `budget_item_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`item_id` integer NOT NULL,
	`version` integer NOT NULL,
	`title` text NOT NULL,
	`approved_on` text NOT NULL,
	`published_on` text,
	`url` text,
	`note` text,
	`submitted_at` text NOT NULL,
	`submitted_by` integer,
	FOREIGN KEY (`item_id`) REFERENCES `budget_items`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`submitted_by`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `budget_item_versions_item_version_idx` ON `budget_item_versions` (`item_id`,`version`);--> statement-breakpoint
CREATE TABLE `budget_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unit_code` text NOT NULL,
	`kind` text NOT NULL,
	`fiscal_year` integer NOT NULL,
	`status` text NOT NULL,
	`current_version` integer NOT NULL,
	`revision` integer DEFAULT 0 NOT NULL,
	`return_reason` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`unit_code`) REFERENCES `org_units`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `budget_items_unit_idx` ON `budget_items` (`unit_code`);