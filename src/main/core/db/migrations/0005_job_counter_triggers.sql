-- Counters kept by triggers (issue 10): every change of a job's status, attempts or last error updates its run's and
-- model's counts in the same statement, so no reader ever counts the jobs table. The backfill computes them once for
-- jobs that existed before this migration.
CREATE TRIGGER `jobs_counts_insert` AFTER INSERT ON `jobs` BEGIN
  INSERT INTO `run_model_counts` (`run_id`, `model_key`, `pending`, `running`, `completed`, `failed`, `cancelled`)
    VALUES (NEW.run_id, NEW.model_key, NEW.status = 'pending', NEW.status = 'running', NEW.status = 'completed',
      NEW.status = 'failed', NEW.status = 'cancelled')
    ON CONFLICT (`run_id`, `model_key`) DO UPDATE SET `pending` = `pending` + excluded.pending,
      `running` = `running` + excluded.running, `completed` = `completed` + excluded.completed,
      `failed` = `failed` + excluded.failed, `cancelled` = `cancelled` + excluded.cancelled;
END;
--> statement-breakpoint
CREATE TRIGGER `jobs_counts_update` AFTER UPDATE OF `status`, `attempts`, `last_error_json` ON `jobs` BEGIN
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
CREATE TRIGGER `jobs_counts_delete` AFTER DELETE ON `jobs` BEGIN
  UPDATE `run_model_counts` SET
    `pending` = `pending` - (OLD.status = 'pending'),
    `running` = `running` - (OLD.status = 'running'),
    `completed` = `completed` - (OLD.status = 'completed'),
    `failed` = `failed` - (OLD.status = 'failed'),
    `cancelled` = `cancelled` - (OLD.status = 'cancelled'),
    `retrying` = `retrying` - (OLD.status = 'pending' AND OLD.attempts > 0),
    `timed_out` = `timed_out`
      - (OLD.status IN ('pending', 'running', 'failed') AND COALESCE(json_extract(OLD.last_error_json, '$.code') = 'TIMEOUT', 0))
  WHERE `run_id` = OLD.run_id AND `model_key` = OLD.model_key;
END;
--> statement-breakpoint
CREATE TRIGGER `jobs_errors_seen` AFTER UPDATE OF `last_error_json` ON `jobs`
WHEN NEW.last_error_json IS NOT NULL AND NEW.last_error_json IS NOT OLD.last_error_json BEGIN
  INSERT INTO `run_error_counts` (`run_id`, `model_key`, `code`, `attempts`, `example`)
    VALUES (NEW.run_id, NEW.model_key, COALESCE(json_extract(NEW.last_error_json, '$.code'), 'UNKNOWN'), 1,
      json_extract(NEW.last_error_json, '$.message'))
    ON CONFLICT (`run_id`, `model_key`, `code`) DO UPDATE SET `attempts` = `attempts` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `jobs_errors_retried` AFTER UPDATE OF `status` ON `jobs`
WHEN OLD.status = 'pending' AND NEW.status = 'running' AND OLD.last_error_json IS NOT NULL BEGIN
  INSERT INTO `run_error_counts` (`run_id`, `model_key`, `code`, `retried`, `example`)
    VALUES (NEW.run_id, NEW.model_key, COALESCE(json_extract(OLD.last_error_json, '$.code'), 'UNKNOWN'), 1,
      json_extract(OLD.last_error_json, '$.message'))
    ON CONFLICT (`run_id`, `model_key`, `code`) DO UPDATE SET `retried` = `retried` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `jobs_errors_final` AFTER UPDATE OF `status` ON `jobs`
WHEN NEW.status = 'failed' AND OLD.status IS NOT 'failed' BEGIN
  INSERT INTO `run_error_counts` (`run_id`, `model_key`, `code`, `final`, `example`)
    VALUES (NEW.run_id, NEW.model_key, COALESCE(json_extract(NEW.last_error_json, '$.code'), 'UNKNOWN'), 1,
      json_extract(NEW.last_error_json, '$.message'))
    ON CONFLICT (`run_id`, `model_key`, `code`) DO UPDATE SET `final` = `final` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `jobs_errors_unfailed` AFTER UPDATE OF `status` ON `jobs`
WHEN OLD.status = 'failed' AND NEW.status IS NOT 'failed' BEGIN
  UPDATE `run_error_counts` SET `final` = `final` - 1
  WHERE `run_id` = OLD.run_id AND `model_key` = OLD.model_key
    AND `code` = COALESCE(json_extract(OLD.last_error_json, '$.code'), 'UNKNOWN');
END;
--> statement-breakpoint
INSERT INTO `run_model_counts` (`run_id`, `model_key`, `pending`, `running`, `completed`, `failed`, `cancelled`, `retrying`, `timed_out`)
SELECT `run_id`, `model_key`, SUM(`status` = 'pending'), SUM(`status` = 'running'), SUM(`status` = 'completed'),
  SUM(`status` = 'failed'), SUM(`status` = 'cancelled'), SUM(`status` = 'pending' AND `attempts` > 0),
  SUM(`status` IN ('pending', 'running', 'failed') AND COALESCE(json_extract(`last_error_json`, '$.code') = 'TIMEOUT', 0))
FROM `jobs` WHERE true GROUP BY `run_id`, `model_key`
ON CONFLICT (`run_id`, `model_key`) DO NOTHING;
--> statement-breakpoint
INSERT INTO `run_error_counts` (`run_id`, `model_key`, `code`, `attempts`, `retried`, `final`, `example`)
SELECT a.run_id, a.model_key, a.code, a.n, MAX(0, a.n - COALESCE(l.open, 0)), COALESCE(l.final, 0), a.example
FROM (
  SELECT j.run_id, j.model_key, COALESCE(json_extract(e.value, '$.code'), 'UNKNOWN') AS code, COUNT(*) AS n,
    MIN(json_extract(e.value, '$.message')) AS example
  FROM `jobs` j, json_each(j.errors_json) e GROUP BY 1, 2, 3
) a LEFT JOIN (
  SELECT `run_id`, `model_key`, COALESCE(json_extract(`last_error_json`, '$.code'), 'UNKNOWN') AS code,
    SUM(`status` IN ('pending', 'failed', 'cancelled')) AS open, SUM(`status` = 'failed') AS final
  FROM `jobs` WHERE `last_error_json` IS NOT NULL GROUP BY 1, 2, 3
) l ON l.run_id = a.run_id AND l.model_key = a.model_key AND l.code = a.code
WHERE true
ON CONFLICT (`run_id`, `model_key`, `code`) DO NOTHING;
