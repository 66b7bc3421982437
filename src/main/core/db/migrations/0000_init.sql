CREATE TABLE `definition_snapshots` (
	`hash` text PRIMARY KEY NOT NULL,
	`content_json` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `definitions` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`content_json` text NOT NULL,
	`content_hash` text NOT NULL,
	`source_file_name` text,
	`created_at` text NOT NULL,
	`last_accessed_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `definitions_content_hash_uq` ON `definitions` (`content_hash`);--> statement-breakpoint
CREATE TABLE `jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`run_id` text NOT NULL,
	`scenario_id` text NOT NULL,
	`model_key` text NOT NULL,
	`provider_id` text NOT NULL,
	`model_id` text NOT NULL,
	`model_version` text,
	`ordinal` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`max_attempts` integer DEFAULT 4 NOT NULL,
	`run_after` integer DEFAULT 0 NOT NULL,
	`lease_owner` text,
	`lease_expires_at` integer,
	`last_error_json` text,
	`errors_json` text DEFAULT '[]' NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "jobs_status_ck" CHECK("jobs"."status" in ('pending','running','completed','failed','cancelled'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `jobs_run_scenario_model_uq` ON `jobs` (`run_id`,`scenario_id`,`model_key`);--> statement-breakpoint
CREATE INDEX `jobs_claim_idx` ON `jobs` (`status`,`run_after`,`ordinal`);--> statement-breakpoint
CREATE INDEX `jobs_run_status_idx` ON `jobs` (`run_id`,`status`);--> statement-breakpoint
CREATE TABLE `provider_settings` (
	`provider_id` text PRIMARY KEY NOT NULL,
	`base_url` text,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `runs` (
	`id` text PRIMARY KEY NOT NULL,
	`definition_id` text NOT NULL,
	`parent_run_id` text,
	`request_id` text,
	`status` text NOT NULL,
	`run_type` text NOT NULL,
	`snapshot_hash` text NOT NULL,
	`config_json` text NOT NULL,
	`total` integer DEFAULT 0 NOT NULL,
	`completed` integer DEFAULT 0 NOT NULL,
	`failed` integer DEFAULT 0 NOT NULL,
	`cancelled` integer DEFAULT 0 NOT NULL,
	`created_at` text NOT NULL,
	`queued_at` text,
	`started_at` text,
	`completed_at` text,
	`last_accessed_at` text,
	FOREIGN KEY (`definition_id`) REFERENCES `definitions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`snapshot_hash`) REFERENCES `definition_snapshots`(`hash`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "runs_status_ck" CHECK("runs"."status" in ('pending','running','paused','completed','completed_with_errors','failed','cancelled'))
);
--> statement-breakpoint
CREATE INDEX `runs_created_idx` ON `runs` (`created_at`);--> statement-breakpoint
CREATE INDEX `runs_status_idx` ON `runs` (`status`);--> statement-breakpoint
CREATE UNIQUE INDEX `runs_request_uq` ON `runs` (`request_id`);--> statement-breakpoint
CREATE TABLE `scenarios` (
	`definition_id` text NOT NULL,
	`id` text NOT NULL,
	`ordinal` integer NOT NULL,
	`dimensions_json` text NOT NULL,
	`prompt` text NOT NULL,
	FOREIGN KEY (`definition_id`) REFERENCES `definitions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `scenarios_pk` ON `scenarios` (`definition_id`,`id`);--> statement-breakpoint
CREATE INDEX `scenarios_ordinal_idx` ON `scenarios` (`definition_id`,`ordinal`);--> statement-breakpoint
CREATE TABLE `transcripts` (
	`id` text PRIMARY KEY NOT NULL,
	`run_id` text NOT NULL,
	`job_id` text NOT NULL,
	`scenario_id` text NOT NULL,
	`model_key` text NOT NULL,
	`provider_id` text NOT NULL,
	`model_id` text NOT NULL,
	`model_version` text,
	`reported_model_version` text,
	`snapshot_hash` text NOT NULL,
	`content` text NOT NULL,
	`turns_json` text NOT NULL,
	`turn_count` integer NOT NULL,
	`word_count` integer NOT NULL,
	`input_tokens` integer,
	`output_tokens` integer,
	`total_tokens` integer,
	`request_params_json` text NOT NULL,
	`score` real,
	`decision` text NOT NULL,
	`parse_path` text NOT NULL,
	`created_at` text NOT NULL,
	`started_at` text,
	`completed_at` text,
	`duration_ms` integer,
	`last_accessed_at` text,
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `transcripts_job_uq` ON `transcripts` (`job_id`);--> statement-breakpoint
CREATE INDEX `transcripts_run_idx` ON `transcripts` (`run_id`,`scenario_id`);