/**
 * Analysis scripts written beside a CSV export: Python (pandas + statsmodels) and R (`lm`) programs that reproduce the
 * main effects of `<file>.effects.csv` from the exported answers alone — per model, each scenario's mean score over
 * its scored answers, then the main-effects OLS over those scenario means with each dimension's lowest level as the
 * baseline (the app's default), classical standard errors and t intervals on the residual df (README "Methods"). The
 * Python script also checks its numbers against the effects file when it is beside the CSV.
 */
import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { fsErrorToAppError } from '../util/fs-errors';

export interface ScriptInput {
  /** The exported CSV's file name (the scripts read it from their own folder). */
  csvFile: string;
  effectsFile: string;
  /** The run's dimension names: their columns are `dim_<name>` (level score). */
  dimensions: string[];
  /**
   * Counterbalancing factors the effects include (`wording`, `order`): read from their CSV column's labels, coded as
   * the effects code them (w2 → 2, reversed → 1).
   */
  factors?: ScriptFactor[];
}

export interface ScriptFactor {
  name: string;
  column: string;
  codes: Record<string, number>;
}

/** The CSV columns a script reads (all present in the export's header). */
export function scriptColumns(dimensions: readonly string[]): string[] {
  return ['model_key', 'scenario_id', 'score', ...dimensions.map((d) => `dim_${d}`)];
}

export function pythonScript(input: ScriptInput): string {
  const lit = (value: unknown): string => JSON.stringify(value);
  return `#!/usr/bin/env python3
"""Reproduces the main effects (AMCEs) of ValueRank export ${input.csvFile} with pandas and statsmodels.

Per model: each scenario's mean score over its scored answers (refusals, unparseable answers and failed jobs have no
score), then OLS of those scenario means on one indicator per non-baseline level of every dimension (baseline: the
lowest level), classical standard errors, 95 % t intervals on the residual df. One row per scenario, so the errors
are clustered by scenario by construction. Usage: python3 ${input.csvFile}.analysis.py [CSV] [EFFECTS_CSV]
Prints one CSV row per AMCE; with the effects file beside it, also the largest difference from the app's numbers.
"""
import os
import sys

import numpy as np
import pandas as pd
import statsmodels.api as sm

HERE = os.path.dirname(os.path.abspath(__file__))
CSV = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, ${lit(input.csvFile)})
EFFECTS = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, ${lit(input.effectsFile)})
DIMENSIONS = ${lit(input.dimensions)}
COLUMNS = {d: "dim_" + d for d in DIMENSIONS}
FACTORS = ${lit(Object.fromEntries((input.factors ?? []).map((f) => [f.name, [f.column, f.codes]])))}

answers = pd.read_csv(CSV, encoding="utf-8-sig")
for name, (column, codes) in FACTORS.items():
    answers["cb_" + name] = answers[column].map(codes)
    COLUMNS[name] = "cb_" + name
scored = answers[pd.to_numeric(answers["score"], errors="coerce").notna()].copy()
scored["score"] = scored["score"].astype(float)
means = scored.groupby(["model_key", "scenario_id"], sort=True).agg(
    y=("score", "mean"), **{c: (c, "first") for c in COLUMNS.values()}
).reset_index()

rows = []
for model_key, data in means.groupby("model_key", sort=True):
    data = data.dropna(subset=list(COLUMNS.values()))
    X = pd.DataFrame({"const": 1.0}, index=data.index)
    names = []
    for d, c in COLUMNS.items():
        levels = sorted(data[c].unique())
        for level in levels[1:]:
            X["%s=%s" % (d, level)] = (data[c] == level).astype(float)
            names.append((d, level, levels[0]))
    if len(data) <= X.shape[1]:
        continue
    fit = sm.OLS(data["y"].to_numpy(), X.to_numpy()).fit()
    ci = fit.conf_int(alpha=0.05)
    for j, (d, level, base) in enumerate(names, start=1):
        rows.append({"model_key": model_key, "dimension": d, "level": level, "baseline": base,
                     "estimate": fit.params[j], "ci_low": ci[j][0], "ci_high": ci[j][1], "df": fit.df_resid})

result = pd.DataFrame(rows, columns=["model_key", "dimension", "level", "baseline", "estimate", "ci_low",
                                     "ci_high", "df"])
result.to_csv(sys.stdout, index=False, float_format="%.17g")

if os.path.exists(EFFECTS):
    app = pd.read_csv(EFFECTS, encoding="utf-8-sig")
    app = app[app["kind"] == "amce"]
    both = result.merge(app, on=["model_key", "dimension", "level"], suffixes=("", "_app"))
    if len(both):
        gap = np.nanmax(np.abs(both[["estimate", "ci_low", "ci_high"]].to_numpy(dtype=float)
                               - both[["estimate_app", "ci_low_app", "ci_high_app"]].to_numpy(dtype=float)))
        print("# compared %d AMCEs with the app's: largest difference %.3g" % (len(both), gap), file=sys.stderr)
`;
}

export function rScript(input: ScriptInput): string {
  const lit = (value: unknown): string => JSON.stringify(value);
  const dims = input.dimensions.map((d) => lit(`dim_${d}`)).join(', ');
  return `# Reproduces the main effects (AMCEs) of ValueRank export ${input.csvFile} in R (base R: lm, confint).
# Per model: each scenario's mean score over its scored answers, then OLS of those scenario means on every dimension
# as a factor with its lowest level as the baseline; classical standard errors, 95 % t intervals on the residual df.
# One row per scenario, so errors are clustered by scenario by construction. For the mixed or ordinal models
# reviewers ask for, fit lme4::lmer(score ~ ... + (1 | scenario_id)) or ordinal::clmm on the answer-level rows.
# Usage: Rscript ${input.csvFile}.analysis.R [CSV]
args <- commandArgs(trailingOnly = TRUE)
csv <- if (length(args) >= 1) args[1] else ${lit(input.csvFile)}
dims <- c(${dims})
answers <- read.csv(csv, fileEncoding = "UTF-8-BOM", check.names = FALSE, stringsAsFactors = FALSE)
${(input.factors ?? [])
  .map(
    (f) =>
      `answers[[${lit(`cb_${f.name}`)}]] <- unname(c(${Object.entries(f.codes)
        .map(([label, code]) => `${lit(label)} = ${code}`)
        .join(', ')})[answers[[${lit(f.column)}]]])\ndims <- c(dims, ${lit(`cb_${f.name}`)})`,
  )
  .join('\n')}
answers$score <- suppressWarnings(as.numeric(answers[["score"]]))
scored <- answers[!is.na(answers$score), c("model_key", "scenario_id", "score", dims)]
means <- aggregate(scored["score"], by = scored[c("model_key", "scenario_id", dims)], FUN = mean)
out <- NULL
for (key in sort(unique(means[["model_key"]]))) {
  data <- means[means[["model_key"]] == key, ]
  for (d in dims) data[[d]] <- factor(data[[d]], levels = sort(unique(data[[d]])))
  terms <- paste0("\`", dims, "\`", collapse = " + ")
  fit <- lm(as.formula(paste("score ~", terms)), data = data)
  ci <- confint(fit, level = 0.95)
  est <- coef(fit)[-1]
  out <- rbind(out, data.frame(model_key = key, term = names(est), estimate = unname(est),
                               ci_low = ci[-1, 1], ci_high = ci[-1, 2], df = fit$df.residual))
}
write.csv(out, stdout(), row.names = FALSE)
`;
}

export function scriptPathsFor(exportPath: string): { python: string; r: string } {
  return { python: `${exportPath}.analysis.py`, r: `${exportPath}.analysis.R` };
}

/** Writes both scripts beside a CSV export; returns their paths. */
export async function writeAnalysisScripts(
  exportPath: string,
  effectsPath: string,
  dimensions: string[],
  factors: ScriptFactor[] = [],
): Promise<{ python: string; r: string }> {
  const paths = scriptPathsFor(exportPath);
  const input = { csvFile: basename(exportPath), effectsFile: basename(effectsPath), dimensions, factors };
  for (const [path, text] of [
    [paths.python, pythonScript(input)],
    [paths.r, rScript(input)],
  ] as const) {
    await writeFile(path, text, 'utf8').catch((error: unknown) => {
      throw fsErrorToAppError(error, 'write the analysis script', path);
    });
  }
  return paths;
}
