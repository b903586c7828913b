ALTER TABLE `report_versions` ADD `values_hash` text;--> statement-breakpoint
CREATE INDEX `report_versions_values_hash_idx` ON `report_versions` (`values_hash`);