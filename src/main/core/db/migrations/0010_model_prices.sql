CREATE TABLE `model_prices` (
	`provider_id` text NOT NULL,
	`model_id` text NOT NULL,
	`model_version` text DEFAULT '' NOT NULL,
	`input_usd_per_mtok` real NOT NULL,
	`output_usd_per_mtok` real NOT NULL,
	`recorded_at` text NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`provider_id`, `model_id`, `model_version`),
	CONSTRAINT "model_prices_nonnegative_ck" CHECK("model_prices"."input_usd_per_mtok" >= 0 and "model_prices"."output_usd_per_mtok" >= 0)
);
--> statement-breakpoint
ALTER TABLE `run_model_counts` ADD `input_tokens` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `run_model_counts` ADD `output_tokens` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `run_model_counts` ADD `transcripts` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `run_model_counts` ADD `usage_reported` integer DEFAULT 0 NOT NULL;