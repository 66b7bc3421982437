DROP INDEX `definitions_content_hash_uq`;--> statement-breakpoint
ALTER TABLE `definitions` ADD `family_id` text;--> statement-breakpoint
ALTER TABLE `definitions` ADD `version` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `definitions` ADD `source_text` text;--> statement-breakpoint
ALTER TABLE `definitions` ADD `source_format` text;--> statement-breakpoint
ALTER TABLE `definitions` ADD `archived_at` text;--> statement-breakpoint
CREATE INDEX `definitions_content_hash_idx` ON `definitions` (`content_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `definitions_family_version_uq` ON `definitions` (`family_id`,`version`);