ALTER TABLE `model_prices` ADD `batch_input_usd_per_mtok` real;--> statement-breakpoint
ALTER TABLE `model_prices` ADD `batch_output_usd_per_mtok` real;