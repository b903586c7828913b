-- Indicators may take figures from the units' accepted 政府信息公开工作年度报告 (scheme `annual`), so
-- whether an annual report is accepted is a scoring input: its acceptance and reopening bump the
-- derived figures' epoch like the progress reports' changes do (0007).
CREATE TRIGGER `derived_epoch_annual_reports_insert` AFTER INSERT ON `annual_reports` WHEN NEW.`status` = 'accepted' BEGIN UPDATE `derived_state` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `derived_epoch_annual_reports_update` AFTER UPDATE OF `status` ON `annual_reports` WHEN OLD.`status` = 'accepted' OR NEW.`status` = 'accepted' BEGIN UPDATE `derived_state` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `derived_epoch_annual_reports_delete` AFTER DELETE ON `annual_reports` WHEN OLD.`status` = 'accepted' BEGIN UPDATE `derived_state` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
