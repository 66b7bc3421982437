DROP INDEX `jobs_run_scenario_model_uq`;--> statement-breakpoint
ALTER TABLE `jobs` ADD `sample` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `jobs_run_scenario_model_sample_uq` ON `jobs` (`run_id`,`scenario_id`,`model_key`,`sample`);--> statement-breakpoint
ALTER TABLE `transcripts` ADD `sample` integer DEFAULT 1 NOT NULL;