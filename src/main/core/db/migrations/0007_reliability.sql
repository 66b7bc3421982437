ALTER TABLE `runs` ADD `pause_reason` text;--> statement-breakpoint
ALTER TABLE `transcripts` ADD `truncated` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `transcripts` ADD `notes_json` text;