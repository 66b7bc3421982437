CREATE TABLE `run_decision_counts` (
	`run_id` text NOT NULL,
	`model_key` text NOT NULL,
	`bucket` text NOT NULL,
	`decision` text NOT NULL,
	`parse_path` text NOT NULL,
	`score` real,
	`n` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`run_id`, `model_key`, `bucket`),
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `run_error_counts` (
	`run_id` text NOT NULL,
	`model_key` text NOT NULL,
	`code` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`retried` integer DEFAULT 0 NOT NULL,
	`final` integer DEFAULT 0 NOT NULL,
	`example` text,
	PRIMARY KEY(`run_id`, `model_key`, `code`),
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `run_model_counts` (
	`run_id` text NOT NULL,
	`model_key` text NOT NULL,
	`pending` integer DEFAULT 0 NOT NULL,
	`running` integer DEFAULT 0 NOT NULL,
	`completed` integer DEFAULT 0 NOT NULL,
	`failed` integer DEFAULT 0 NOT NULL,
	`cancelled` integer DEFAULT 0 NOT NULL,
	`retrying` integer DEFAULT 0 NOT NULL,
	`timed_out` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`run_id`, `model_key`),
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `run_version_counts` (
	`run_id` text NOT NULL,
	`model_key` text NOT NULL,
	`bucket` text NOT NULL,
	`provider_id` text NOT NULL,
	`model_id` text NOT NULL,
	`model_version` text,
	`reported_model_version` text,
	`n` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`run_id`, `model_key`, `bucket`),
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
DROP INDEX `jobs_claim_idx`;--> statement-breakpoint
CREATE INDEX `jobs_pending_idx` ON `jobs` (`run_id`,`provider_id`,`ordinal`) WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX `jobs_lease_idx` ON `jobs` (`lease_expires_at`) WHERE status = 'running';