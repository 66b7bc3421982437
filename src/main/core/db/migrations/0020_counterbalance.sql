ALTER TABLE `scenarios` ADD `wording` text;--> statement-breakpoint
ALTER TABLE `scenarios` ADD `scale_order` text;--> statement-breakpoint
ALTER TABLE `transcripts` ADD `wording` text;--> statement-breakpoint
ALTER TABLE `transcripts` ADD `scale_order` text;