-- Full-text search over transcripts (issue 23, item 7): the model's answer (its assistant turns) of every transcript,
-- indexed by FTS5 under the transcript's rowid. Contentless (the text stays in `turns_json` only, the index holds
-- just the terms) with contentless_delete so a deleted run takes its entries along. Kept by triggers in the same
-- statement as each transcript's insert, delete or change of turns; the backfill indexes the rows already there.
CREATE VIRTUAL TABLE `transcripts_fts` USING fts5(
  `answer`,
  content = '',
  contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE TRIGGER `transcripts_fts_insert` AFTER INSERT ON `transcripts` BEGIN
  INSERT INTO `transcripts_fts` (`rowid`, `answer`)
    SELECT NEW.rowid, COALESCE(group_concat(json_extract(j.value, '$.content'), char(10)), '')
    FROM json_each(NEW.turns_json) AS j WHERE json_extract(j.value, '$.role') = 'assistant';
END;
--> statement-breakpoint
CREATE TRIGGER `transcripts_fts_delete` AFTER DELETE ON `transcripts` BEGIN
  DELETE FROM `transcripts_fts` WHERE `rowid` = OLD.rowid;
END;
--> statement-breakpoint
CREATE TRIGGER `transcripts_fts_update` AFTER UPDATE OF `turns_json` ON `transcripts` BEGIN
  DELETE FROM `transcripts_fts` WHERE `rowid` = OLD.rowid;
  INSERT INTO `transcripts_fts` (`rowid`, `answer`)
    SELECT NEW.rowid, COALESCE(group_concat(json_extract(j.value, '$.content'), char(10)), '')
    FROM json_each(NEW.turns_json) AS j WHERE json_extract(j.value, '$.role') = 'assistant';
END;
--> statement-breakpoint
INSERT INTO `transcripts_fts` (`rowid`, `answer`)
  SELECT t.rowid, COALESCE(
    (SELECT group_concat(json_extract(j.value, '$.content'), char(10)) FROM json_each(t.turns_json) AS j
      WHERE json_extract(j.value, '$.role') = 'assistant'), '')
  FROM `transcripts` AS t;
