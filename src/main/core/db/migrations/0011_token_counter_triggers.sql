-- Token counters for cost (issue 13), kept by triggers in the same statement as each transcript's insert or delete,
-- so a run's tokens so far are read from run_model_counts and never summed over transcripts on a poll. The backfill
-- computes them once for transcripts written before this migration.
CREATE TRIGGER `transcripts_tokens_insert` AFTER INSERT ON `transcripts` BEGIN
  UPDATE `run_model_counts` SET
    `input_tokens` = `input_tokens` + COALESCE(NEW.input_tokens, 0),
    `output_tokens` = `output_tokens` + COALESCE(NEW.output_tokens, 0),
    `transcripts` = `transcripts` + 1,
    `usage_reported` = `usage_reported` + (NEW.input_tokens IS NOT NULL OR NEW.output_tokens IS NOT NULL)
  WHERE `run_id` = NEW.run_id AND `model_key` = NEW.model_key;
END;
--> statement-breakpoint
CREATE TRIGGER `transcripts_tokens_delete` AFTER DELETE ON `transcripts` BEGIN
  UPDATE `run_model_counts` SET
    `input_tokens` = `input_tokens` - COALESCE(OLD.input_tokens, 0),
    `output_tokens` = `output_tokens` - COALESCE(OLD.output_tokens, 0),
    `transcripts` = `transcripts` - 1,
    `usage_reported` = `usage_reported` - (OLD.input_tokens IS NOT NULL OR OLD.output_tokens IS NOT NULL)
  WHERE `run_id` = OLD.run_id AND `model_key` = OLD.model_key;
END;
--> statement-breakpoint
UPDATE `run_model_counts` SET
  `input_tokens` = t.input_tokens, `output_tokens` = t.output_tokens, `transcripts` = t.n, `usage_reported` = t.reported
FROM (
  SELECT `run_id`, `model_key`, SUM(COALESCE(`input_tokens`, 0)) AS input_tokens,
    SUM(COALESCE(`output_tokens`, 0)) AS output_tokens, COUNT(*) AS n,
    SUM(`input_tokens` IS NOT NULL OR `output_tokens` IS NOT NULL) AS reported
  FROM `transcripts` GROUP BY `run_id`, `model_key`
) t
WHERE `run_model_counts`.`run_id` = t.run_id AND `run_model_counts`.`model_key` = t.model_key;
