-- Set-based batch ingestion (issue 26): a page of batch results is written with a few statements and its counters,
-- token totals and FTS entries are maintained once per page (store/ingest-bulk.ts) instead of by a trigger per row.
-- While that page's transaction holds the one row of `bulk_write`, the per-row triggers below stand aside; the row is
-- inserted and deleted inside the same transaction, so no other connection (and no committed state) ever sees it, and
-- every other writer keeps its triggers exactly as before.
CREATE TABLE `bulk_write` (`on` integer PRIMARY KEY NOT NULL CHECK (`on` = 1));
--> statement-breakpoint
DROP TRIGGER `jobs_counts_update`;
--> statement-breakpoint
CREATE TRIGGER `jobs_counts_update` AFTER UPDATE OF `status`, `attempts`, `last_error_json` ON `jobs`
WHEN NOT EXISTS (SELECT 1 FROM `bulk_write`) BEGIN
  UPDATE `run_model_counts` SET
    `pending` = `pending` + (NEW.status = 'pending') - (OLD.status = 'pending'),
    `running` = `running` + (NEW.status = 'running') - (OLD.status = 'running'),
    `completed` = `completed` + (NEW.status = 'completed') - (OLD.status = 'completed'),
    `failed` = `failed` + (NEW.status = 'failed') - (OLD.status = 'failed'),
    `cancelled` = `cancelled` + (NEW.status = 'cancelled') - (OLD.status = 'cancelled'),
    `retrying` = `retrying` + (NEW.status = 'pending' AND NEW.attempts > 0) - (OLD.status = 'pending' AND OLD.attempts > 0),
    `timed_out` = `timed_out`
      + (NEW.status IN ('pending', 'running', 'failed') AND COALESCE(json_extract(NEW.last_error_json, '$.code') = 'TIMEOUT', 0))
      - (OLD.status IN ('pending', 'running', 'failed') AND COALESCE(json_extract(OLD.last_error_json, '$.code') = 'TIMEOUT', 0))
  WHERE `run_id` = NEW.run_id AND `model_key` = NEW.model_key;
END;
--> statement-breakpoint
DROP TRIGGER `transcripts_counts_insert`;
--> statement-breakpoint
CREATE TRIGGER `transcripts_counts_insert` AFTER INSERT ON `transcripts`
WHEN NOT EXISTS (SELECT 1 FROM `bulk_write`) BEGIN
  INSERT INTO `run_decision_counts` (`run_id`, `model_key`, `bucket`, `decision`, `parse_path`, `score`, `n`)
    VALUES (NEW.run_id, NEW.model_key, json_array(NEW.decision, NEW.parse_path, NEW.score), NEW.decision,
      NEW.parse_path, NEW.score, 1)
    ON CONFLICT (`run_id`, `model_key`, `bucket`) DO UPDATE SET `n` = `n` + 1;
  INSERT INTO `run_version_counts` (`run_id`, `model_key`, `bucket`, `provider_id`, `model_id`, `model_version`,
      `reported_model_version`, `n`)
    VALUES (NEW.run_id, NEW.model_key,
      json_array(NEW.provider_id, NEW.model_id, NEW.model_version, NEW.reported_model_version), NEW.provider_id,
      NEW.model_id, NEW.model_version, NEW.reported_model_version, 1)
    ON CONFLICT (`run_id`, `model_key`, `bucket`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
DROP TRIGGER `transcripts_tokens_insert`;
--> statement-breakpoint
CREATE TRIGGER `transcripts_tokens_insert` AFTER INSERT ON `transcripts`
WHEN NOT EXISTS (SELECT 1 FROM `bulk_write`) BEGIN
  UPDATE `run_model_counts` SET
    `input_tokens` = `input_tokens` + COALESCE(NEW.input_tokens, 0),
    `output_tokens` = `output_tokens` + COALESCE(NEW.output_tokens, 0),
    `transcripts` = `transcripts` + 1,
    `usage_reported` = `usage_reported` + (NEW.input_tokens IS NOT NULL OR NEW.output_tokens IS NOT NULL)
  WHERE `run_id` = NEW.run_id AND `model_key` = NEW.model_key;
END;
--> statement-breakpoint
DROP TRIGGER `transcripts_fts_insert`;
--> statement-breakpoint
CREATE TRIGGER `transcripts_fts_insert` AFTER INSERT ON `transcripts`
WHEN NOT EXISTS (SELECT 1 FROM `bulk_write`) BEGIN
  INSERT INTO `transcripts_fts` (`rowid`, `answer`)
    SELECT NEW.rowid, COALESCE(group_concat(json_extract(j.value, '$.content'), char(10)), '')
    FROM json_each(NEW.turns_json) AS j WHERE json_extract(j.value, '$.role') = 'assistant';
END;
