ALTER TABLE `runs` ADD `name` text;--> statement-breakpoint
ALTER TABLE `runs` ADD `notes` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `runs` ADD `archived_at` text;