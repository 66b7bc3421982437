CREATE TABLE `batch_chunks` (
	`id` text PRIMARY KEY NOT NULL,
	`run_id` text NOT NULL,
	`provider_id` text NOT NULL,
	`model_key` text NOT NULL,
	`chunk_no` integer NOT NULL,
	`state` text NOT NULL,
	`request_hash` text NOT NULL,
	`request_count` integer NOT NULL,
	`request_bytes` integer NOT NULL,
	`input_file_id` text,
	`batch_id` text,
	`provider_status` text,
	`view_json` text,
	`cancel_requested` integer DEFAULT 0 NOT NULL,
	`succeeded` integer DEFAULT 0 NOT NULL,
	`errored` integer DEFAULT 0 NOT NULL,
	`expired` integer DEFAULT 0 NOT NULL,
	`cancelled` integer DEFAULT 0 NOT NULL,
	`duplicates` integer DEFAULT 0 NOT NULL,
	`input_tokens` integer DEFAULT 0 NOT NULL,
	`output_tokens` integer DEFAULT 0 NOT NULL,
	`duplicate_input_tokens` integer DEFAULT 0 NOT NULL,
	`duplicate_output_tokens` integer DEFAULT 0 NOT NULL,
	`output_offset` integer DEFAULT 0 NOT NULL,
	`error_offset` integer DEFAULT 0 NOT NULL,
	`estimated_cost_usd` real,
	`next_poll_at` integer DEFAULT 0 NOT NULL,
	`poll_failures` integer DEFAULT 0 NOT NULL,
	`last_error_json` text,
	`created_at` text NOT NULL,
	`submitted_at` text,
	`ended_at` text,
	`collected_at` text,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "batch_chunks_state_ck" CHECK("batch_chunks"."state" in ('outbox','uploaded','submitted','ended','collected','failed'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `batch_chunks_run_chunk_uq` ON `batch_chunks` (`run_id`,`chunk_no`);--> statement-breakpoint
CREATE INDEX `batch_chunks_state_idx` ON `batch_chunks` (`state`);--> statement-breakpoint
ALTER TABLE `jobs` ADD `batch_chunk_id` text;--> statement-breakpoint
CREATE INDEX `jobs_batch_chunk_idx` ON `jobs` (`batch_chunk_id`) WHERE batch_chunk_id IS NOT NULL;--> statement-breakpoint
ALTER TABLE `transcripts` ADD `tier` text DEFAULT 'realtime' NOT NULL;--> statement-breakpoint
ALTER TABLE `transcripts` ADD `batch_id` text;