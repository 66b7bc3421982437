ALTER TABLE `batch_chunks` ADD `lease_owner` text;--> statement-breakpoint
ALTER TABLE `batch_chunks` ADD `lease_until` integer;