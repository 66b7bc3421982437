-- Counters for the results summary (issue 10), kept by triggers in the same statement as each transcript's insert or
-- delete, so the summary of a 200,000-job run reads a few rows instead of grouping every transcript. The backfill
-- computes them once for transcripts written before this migration.
CREATE TRIGGER `transcripts_counts_insert` AFTER INSERT ON `transcripts` BEGIN
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
CREATE TRIGGER `transcripts_counts_delete` AFTER DELETE ON `transcripts` BEGIN
  UPDATE `run_decision_counts` SET `n` = `n` - 1
    WHERE `run_id` = OLD.run_id AND `model_key` = OLD.model_key
      AND `bucket` = json_array(OLD.decision, OLD.parse_path, OLD.score);
  UPDATE `run_version_counts` SET `n` = `n` - 1
    WHERE `run_id` = OLD.run_id AND `model_key` = OLD.model_key
      AND `bucket` = json_array(OLD.provider_id, OLD.model_id, OLD.model_version, OLD.reported_model_version);
END;
--> statement-breakpoint
INSERT INTO `run_decision_counts` (`run_id`, `model_key`, `bucket`, `decision`, `parse_path`, `score`, `n`)
SELECT `run_id`, `model_key`, json_array(`decision`, `parse_path`, `score`), `decision`, `parse_path`, `score`, COUNT(*)
FROM `transcripts` WHERE true GROUP BY `run_id`, `model_key`, `decision`, `parse_path`, `score`
ON CONFLICT (`run_id`, `model_key`, `bucket`) DO NOTHING;
--> statement-breakpoint
INSERT INTO `run_version_counts` (`run_id`, `model_key`, `bucket`, `provider_id`, `model_id`, `model_version`,
  `reported_model_version`, `n`)
SELECT `run_id`, `model_key`, json_array(`provider_id`, `model_id`, `model_version`, `reported_model_version`),
  `provider_id`, `model_id`, `model_version`, `reported_model_version`, COUNT(*)
FROM `transcripts` WHERE true
GROUP BY `run_id`, `model_key`, `provider_id`, `model_id`, `model_version`, `reported_model_version`
ON CONFLICT (`run_id`, `model_key`, `bucket`) DO NOTHING;
