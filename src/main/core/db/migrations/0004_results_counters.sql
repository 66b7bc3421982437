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
