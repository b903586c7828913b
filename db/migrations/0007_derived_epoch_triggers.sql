-- Derived figures (db/schema/derived.ts) are a function of these tables. Whoever changes one of them
-- bumps derived_state.epoch; the stored figures count as current only while synced = epoch.
INSERT INTO `derived_state` (`id`, `epoch`, `synced`) VALUES (1, 0, 0);
--> statement-breakpoint
CREATE TRIGGER `derived_epoch_schemes_insert` AFTER INSERT ON `schemes` BEGIN UPDATE `derived_state` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `derived_epoch_schemes_update` AFTER UPDATE ON `schemes` BEGIN UPDATE `derived_state` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `derived_epoch_schemes_delete` AFTER DELETE ON `schemes` BEGIN UPDATE `derived_state` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `derived_epoch_indicators_insert` AFTER INSERT ON `indicators` BEGIN UPDATE `derived_state` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `derived_epoch_indicators_update` AFTER UPDATE ON `indicators` BEGIN UPDATE `derived_state` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `derived_epoch_indicators_delete` AFTER DELETE ON `indicators` BEGIN UPDATE `derived_state` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `derived_epoch_periods_insert` AFTER INSERT ON `periods` BEGIN UPDATE `derived_state` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `derived_epoch_periods_update` AFTER UPDATE ON `periods` BEGIN UPDATE `derived_state` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `derived_epoch_periods_delete` AFTER DELETE ON `periods` BEGIN UPDATE `derived_state` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `derived_epoch_due_extensions_insert` AFTER INSERT ON `due_extensions` BEGIN UPDATE `derived_state` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `derived_epoch_due_extensions_update` AFTER UPDATE ON `due_extensions` BEGIN UPDATE `derived_state` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `derived_epoch_due_extensions_delete` AFTER DELETE ON `due_extensions` BEGIN UPDATE `derived_state` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `derived_epoch_reports_insert` AFTER INSERT ON `reports` BEGIN UPDATE `derived_state` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `derived_epoch_reports_update` AFTER UPDATE ON `reports` BEGIN UPDATE `derived_state` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `derived_epoch_reports_delete` AFTER DELETE ON `reports` BEGIN UPDATE `derived_state` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `derived_epoch_report_values_insert` AFTER INSERT ON `report_values` BEGIN UPDATE `derived_state` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `derived_epoch_report_values_update` AFTER UPDATE ON `report_values` BEGIN UPDATE `derived_state` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `derived_epoch_report_values_delete` AFTER DELETE ON `report_values` BEGIN UPDATE `derived_state` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `derived_epoch_adjustments_insert` AFTER INSERT ON `adjustments` BEGIN UPDATE `derived_state` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `derived_epoch_adjustments_update` AFTER UPDATE ON `adjustments` BEGIN UPDATE `derived_state` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `derived_epoch_adjustments_delete` AFTER DELETE ON `adjustments` BEGIN UPDATE `derived_state` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `derived_epoch_manual_scores_insert` AFTER INSERT ON `manual_scores` BEGIN UPDATE `derived_state` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `derived_epoch_manual_scores_update` AFTER UPDATE ON `manual_scores` BEGIN UPDATE `derived_state` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `derived_epoch_manual_scores_delete` AFTER DELETE ON `manual_scores` BEGIN UPDATE `derived_state` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `derived_epoch_org_units_insert` AFTER INSERT ON `org_units` BEGIN UPDATE `derived_state` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `derived_epoch_org_units_update` AFTER UPDATE ON `org_units` BEGIN UPDATE `derived_state` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `derived_epoch_org_units_delete` AFTER DELETE ON `org_units` BEGIN UPDATE `derived_state` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `derived_epoch_ledger_tasks_insert` AFTER INSERT ON `ledger_tasks` BEGIN UPDATE `derived_state` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `derived_epoch_ledger_tasks_update` AFTER UPDATE ON `ledger_tasks` BEGIN UPDATE `derived_state` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `derived_epoch_ledger_tasks_delete` AFTER DELETE ON `ledger_tasks` BEGIN UPDATE `derived_state` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `derived_epoch_task_reports_insert` AFTER INSERT ON `task_reports` BEGIN UPDATE `derived_state` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `derived_epoch_task_reports_update` AFTER UPDATE ON `task_reports` BEGIN UPDATE `derived_state` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `derived_epoch_task_reports_delete` AFTER DELETE ON `task_reports` BEGIN UPDATE `derived_state` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `derived_epoch_task_report_versions_insert` AFTER INSERT ON `task_report_versions` BEGIN UPDATE `derived_state` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `derived_epoch_task_report_versions_update` AFTER UPDATE ON `task_report_versions` BEGIN UPDATE `derived_state` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `derived_epoch_task_report_versions_delete` AFTER DELETE ON `task_report_versions` BEGIN UPDATE `derived_state` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
