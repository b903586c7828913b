-- Every change of a scheme, its periods or its indicators, whoever writes it, sets scheme_stamp.n to a
-- new random value; readScheme (db/repo/schemes.ts) keeps its parsed scheme while n stays put. Random,
-- not n + 1: a rolled-back change must not leave a value that a later, different change could take again.
INSERT INTO `scheme_stamp` (`id`, `n`) VALUES (1, 0);
--> statement-breakpoint
CREATE TRIGGER `scheme_stamp_schemes_insert` AFTER INSERT ON `schemes` BEGIN UPDATE `scheme_stamp` SET `n` = random() WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `scheme_stamp_schemes_update` AFTER UPDATE ON `schemes` BEGIN UPDATE `scheme_stamp` SET `n` = random() WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `scheme_stamp_schemes_delete` AFTER DELETE ON `schemes` BEGIN UPDATE `scheme_stamp` SET `n` = random() WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `scheme_stamp_periods_insert` AFTER INSERT ON `periods` BEGIN UPDATE `scheme_stamp` SET `n` = random() WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `scheme_stamp_periods_update` AFTER UPDATE ON `periods` BEGIN UPDATE `scheme_stamp` SET `n` = random() WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `scheme_stamp_periods_delete` AFTER DELETE ON `periods` BEGIN UPDATE `scheme_stamp` SET `n` = random() WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `scheme_stamp_indicators_insert` AFTER INSERT ON `indicators` BEGIN UPDATE `scheme_stamp` SET `n` = random() WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `scheme_stamp_indicators_update` AFTER UPDATE ON `indicators` BEGIN UPDATE `scheme_stamp` SET `n` = random() WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `scheme_stamp_indicators_delete` AFTER DELETE ON `indicators` BEGIN UPDATE `scheme_stamp` SET `n` = random() WHERE `id` = 1; END;
