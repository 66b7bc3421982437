CREATE TABLE `provider_model_listings` (
	`provider_id` text PRIMARY KEY NOT NULL,
	`models_json` text NOT NULL,
	`listed_at` text NOT NULL
);
