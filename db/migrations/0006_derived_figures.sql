CREATE TABLE `derived_state` (
	`id` integer PRIMARY KEY NOT NULL,
	`epoch` integer DEFAULT 0 NOT NULL,
	`synced` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `derived_views` (
	`year` integer NOT NULL,
	`view` text NOT NULL,
	`basis` text NOT NULL,
	`built_at` text NOT NULL,
	PRIMARY KEY(`year`, `view`, `basis`)
);
--> statement-breakpoint
CREATE TABLE `progress_facts` (
	`year` integer NOT NULL,
	`period_code` text NOT NULL,
	`unit_code` text NOT NULL,
	`facts` text NOT NULL,
	PRIMARY KEY(`year`, `period_code`, `unit_code`)
);
--> statement-breakpoint
CREATE TABLE `progress_sums` (
	`year` integer NOT NULL,
	`period_code` text NOT NULL,
	`scope` text NOT NULL,
	`sums` text NOT NULL,
	PRIMARY KEY(`year`, `period_code`, `scope`)
);
--> statement-breakpoint
CREATE TABLE `unit_scores` (
	`year` integer NOT NULL,
	`view` text NOT NULL,
	`basis` text NOT NULL,
	`unit_code` text NOT NULL,
	`s` integer NOT NULL,
	`raw` integer NOT NULL,
	`adjustment_total` integer NOT NULL,
	`contribution` integer NOT NULL,
	`grade` text,
	`has_report` integer NOT NULL,
	`groups` text NOT NULL,
	`indicators` text NOT NULL,
	`detail` text NOT NULL,
	PRIMARY KEY(`year`, `view`, `basis`, `unit_code`)
);
