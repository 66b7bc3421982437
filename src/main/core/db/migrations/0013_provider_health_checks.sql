CREATE TABLE `provider_health_checks` (
	`provider_id` text PRIMARY KEY NOT NULL,
	`health_json` text NOT NULL,
	`checked_at` text NOT NULL
);
