/** The CLI's usage text, printed by `--help` and after a usage error. */
export const USAGE = `Usage: npm run cli -- [--data-dir DIR] COMMAND
  definitions import FILE                 import a YAML or JSON definition; prints its id last
  definitions list [--all]                one line per definition (its latest version); --all adds archived ones
  definitions scenarios DEF_ID            one JSON line per scenario: id, name, dimensions, prompt
  definitions new FILE                    a new definition (version 1) from a YAML or JSON file; prints its id
  definitions edit DEF_ID --file FILE     save FILE as the next version of DEF_ID's definition; refused (nothing
                                          saved) when DEF_ID is no longer the latest version; prints the new id
  definitions duplicate DEF_ID [--name NAME]   a copy as a new definition (default name "<name> (copy)")
  definitions archive|unarchive DEF_ID    hide the definition (all versions) from lists; its runs stay
  definitions delete DEF_ID               delete it with every version, only when no run uses any of them
  definitions versions DEF_ID             one line per version, newest first: id, version, scenarios, runs
  definitions diff FROM_ID TO_ID          changed lines of the text, then which scenarios change wording
  definitions validate FILE               check a file without importing it: FILE:LINE:COLUMN: problem lines,
                                          exit 1 when it is not valid
  definitions export DEF_ID [--out FILE]  the exact text as written (YAML starts with a yaml-language-server
                                          $schema line for editor help; edit removes that line again)
  definitions schema                      the JSON Schema of a definition file (docs/definition.schema.json)
  run DEF_ID --model PROVIDER:MODEL[@VERSION] [--model ...] [--wait] [--sample PCT --seed N] [--samples N]
      [--temperature T] [--max-tokens N] [--max-cost USD] [--concurrency N] [--yes] [--ignore-health] [--batch]
                                          queue a run (and with --wait, execute it here); prints the run id last;
                                          --samples N (1-20) asks each model every scenario N times; --temperature
                                          (0-2) and --max-tokens (1-32000) as the start form's; --max-cost: the
                                          run pauses itself once its cost so far reaches it; prints the cost
                                          estimate and, over the threshold in Settings, exits 6 unless --yes;
                                          exits 7 when a provider's last health check rejected its key or could
                                          not reach its server, unless --ignore-health; --batch sends it as
                                          provider batches (OpenAI, Anthropic, Mistral, Gemini: half price,
                                          results within 24 h), collected by whichever process runs next
                                          (--wait: this one)
  batches list [--json]                   every provider batch: state, counts, age, time left, cost
  batches status RUN_ID [--json]          the batches of one run
  batches collect [RUN_ID] [--watch]      send what is not sent, poll every open batch now, store what ended;
                                          --watch repeats (backing off) until none is open; prints the open count
  batches finish RUN_ID                   finish a batch run's remainder in real time (a batch expired or failed
                                          partly done): jobs not in a sent batch go one request each (tier
                                          realtime); sent batches are still collected; prints how many jobs went
  status RUN_ID [--json]                  progress, tokens and cost so far per model
  pause|resume|cancel RUN_ID              control a run, also one another process is executing
  wait RUN_ID                             execute this run's remaining jobs here (recovering a crash) until it ends
                                          (other runs are left to their own process); exits 5 when the Python
                                          worker cannot start (or come back) in time
  retry RUN_ID [--wait]                   requeue the failed (not cancelled) jobs of a finished run with fresh
                                          attempts; prints the run's status (with --wait, executes them here)
  reextract RUN_ID                        read a finished run's stored replies again (after fixing its scale):
                                          rewrites the decisions, never asks a provider; kept in the run's history
  export RUN_ID --out FILE [--format csv|jsonl] [--include-failures] [--raw-csv]
                                          write the run's results (CSV, or JSON Lines with full transcripts)
                                          and FILE.manifest.json; --include-failures adds failed/cancelled jobs;
                                          CSV text starting with = + - @ gets a leading ' unless --raw-csv
  results RUN_ID [--json]                 per model: versions, counts, mean/median, distribution, refusals, failures
  results RUN_ID --by DIM [--by DIM2] [--baseline DIM=SCORE] [--json]
                                          per model: mean decision per level of DIM with 95 % t intervals
                                          (n = scenarios), each level's AMCE against the baseline level (default
                                          the first) and highest − lowest; two --by: the mean per pair of levels
                                          (--out FILE: one row per model and pair of levels, FILE.manifest.json)
  results RUN_ID --agreement [--json] [--out FILE]
                                          per pair of models: same decision, within one point, ties, weighted κ;
                                          --out FILE: one row per pair of models and FILE.manifest.json
  results RUN_ID [RUN_ID ...] --values [--json] [--out FILE]
                                          value priorities over the runs (definitions with values: high/low,
                                          optionValues or pairwise):
                                          per model each value's utility (Bradley–Terry, 95 % interval from
                                          resampling scenarios) and win rate, held-out accuracy, intransitive
                                          triads, position bias; two models compared (Kendall τ, Holm);
                                          --out writes FILE (one row per model and value), FILE.pairs.csv and
                                          FILE.manifest.json (method, seed, runs)
  study list [--json]                     every study: name, runs, definitions
  study create NAME [--notes TEXT] [--run RUN_ID ...]
                                          a study of runs; prints its id last
  study show STUDY_ID [--json]            the study's runs and its value ranking
  study add|remove STUDY_ID RUN_ID ...    change the study's runs
  study export STUDY_ID --out FILE        the study's value ranking as tidy CSV (as results --values --out)
  study delete STUDY_ID                   delete the study (its runs and definitions stay)
  compare RUN_A RUN_B [--json] [--out FILE [--raw-csv]]
                                          two runs of one definition, paired by scenario: changed decisions against
                                          each run's self-disagreement (McNemar exact), the change of the mean and of
                                          each effect with 95 % intervals and Holm-adjusted p-values (BH q beside);
                                          --out also writes them as a tidy CSV (one row per estimate) and
                                          FILE.manifest.json (its formulaGuard says whether --raw-csv was given)
  runs [--status S] [--archived|--all] [--search TEXT] [--json]
                                          every run, newest first (the Runs list); archived runs only with
                                          --archived (only them) or --all; --search matches name, notes,
                                          definition, id and models
  runs rename RUN_ID NAME                 name the run ("" clears the name)
  runs notes RUN_ID TEXT                  set the run's notes ("" clears them)
  runs archive|unarchive RUN_ID           hide the run from the Runs list (it stays openable), or bring it back
  runs delete RUN_ID [--yes]              delete an ended run with its jobs and transcripts (exports are files and
                                          stay); without --yes prints what would go and exits 8
  transcripts RUN_ID [--model M] [--decision LABEL|SCORE] [--outcome answer|refusal|unparseable]
      [--source extracted|override] [--scenario ID]... [--level DIM=LEVEL]... [--grep TEXT] [--json]
                                          the run's transcripts that match, one line each (scenario, model, sample,
                                          score, decision, source, id; --json: one JSON line each); --grep: words of
                                          the answer, all of them, any case ("a phrase", prefix*); --scenario: any of
                                          those scenarios; --level: a dimension's level by score or label (any of
                                          the levels given for a dimension, every dimension given)
  transcripts override TRANSCRIPT_ID --score N|--refusal|--clear [--note TEXT]
                                          code a decision by hand (results, analyses and exports use it; the
                                          reader's decision is kept, --clear brings it back; re-extract never
                                          replaces it)
  health [--json] [--provider P]          System Health: providers checked live (status, fix hint), worker, database;
                                          exits 1 when no run could start
  models [--provider P] [--refresh] [--json]  the model catalog with pinnable versions (--refresh asks the providers)
  prices [--json]                         the price table (US $ per million tokens): real time, batch tier, source
  prices set PROVIDER:MODEL[@VERSION] --input USD --output USD [--batch-input USD --batch-output USD]
                                          your price for a model (recorded today); the batch tier is half unless
                                          both batch prices are given
  prices remove PROVIDER:MODEL[@VERSION]  remove your price (a built-in one applies again)
  backup                                  copy the database now (also while a run executes) into the data folder's
                                          backups/ (the last 5 kept; a copy is also made before every upgrade);
                                          prints the copy's path
  restore FILE                            put a copy back as the database (quit the app first): the copy is checked
                                          and the database it replaces is kept in backups/
  data-folder move DEST                   copy the data folder into DEST (empty or new, writable, not inside the data
                                          folder, with room for the data; no run queued or executing), check the
                                          copy, and make DEST the data folder from the next start; the old folder
                                          is kept untouched`;
