ALTER TABLE `transcripts` ADD `decision_source` text DEFAULT 'extracted' NOT NULL;--> statement-breakpoint
ALTER TABLE `transcripts` ADD `extracted_score` real;--> statement-breakpoint
ALTER TABLE `transcripts` ADD `extracted_decision` text;--> statement-breakpoint
ALTER TABLE `transcripts` ADD `extracted_parse_path` text;--> statement-breakpoint
ALTER TABLE `transcripts` ADD `override_note` text;--> statement-breakpoint
ALTER TABLE `transcripts` ADD `overridden_at` text;