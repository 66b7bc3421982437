CREATE TABLE `studies` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`notes` text DEFAULT '' NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `study_definitions` (
	`study_id` text NOT NULL,
	`definition_id` text NOT NULL,
	`added_at` text NOT NULL,
	PRIMARY KEY(`study_id`, `definition_id`),
	FOREIGN KEY (`study_id`) REFERENCES `studies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`definition_id`) REFERENCES `definitions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `study_definitions_definition_idx` ON `study_definitions` (`definition_id`);--> statement-breakpoint
CREATE TABLE `study_runs` (
	`study_id` text NOT NULL,
	`run_id` text NOT NULL,
	`added_at` text NOT NULL,
	PRIMARY KEY(`study_id`, `run_id`),
	FOREIGN KEY (`study_id`) REFERENCES `studies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `study_runs_run_idx` ON `study_runs` (`run_id`);