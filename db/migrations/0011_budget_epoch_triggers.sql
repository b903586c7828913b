-- Budget disclosure items feed the division scheme's `budget` indicator (DV-05), so a change to them
-- makes the stored figures stale, as 0007 does for the other scoring inputs.
CREATE TRIGGER `derived_epoch_budget_items_insert` AFTER INSERT ON `budget_items` BEGIN UPDATE `derived_state` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `derived_epoch_budget_items_update` AFTER UPDATE ON `budget_items` BEGIN UPDATE `derived_state` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `derived_epoch_budget_items_delete` AFTER DELETE ON `budget_items` BEGIN UPDATE `derived_state` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `derived_epoch_budget_item_versions_insert` AFTER INSERT ON `budget_item_versions` BEGIN UPDATE `derived_state` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `derived_epoch_budget_item_versions_update` AFTER UPDATE ON `budget_item_versions` BEGIN UPDATE `derived_state` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `derived_epoch_budget_item_versions_delete` AFTER DELETE ON `budget_item_versions` BEGIN UPDATE `derived_state` SET `epoch` = `epoch` + 1 WHERE `id` = 1; END;
