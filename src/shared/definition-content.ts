/** A definition's content as researchers write it (YAML or JSON): its schema is the one source for the importer, the
 * editor and the published JSON Schema (docs/definition.schema.json; the descriptions are the editor's hover help). */
import { z } from 'zod';

/** Text with a visible character (written as a pattern, not trim-then-length, so the JSON Schema says the same). */
export const nonBlank = z.string().trim().regex(/\S/, 'must not be empty');

export const levelSchema = z
  .object({
    score: z
      .number()
      .int('score must be a whole number')
      .describe('A whole number, unique within the dimension: it names the scenario and is the level’s value.'),
    label: nonBlank.describe('A short name for the level (the dim_<name>_label column of exports).'),
    options: z
      .array(nonBlank)
      .min(1, 'a level needs at least one option')
      .describe('Wordings that fill the placeholder; one is chosen per scenario (deterministically, from `seed`).'),
  })
  .describe('One level of a dimension.');

export const dimensionSchema = z
  .object({
    name: z
      .string()
      .trim()
      .regex(/^[A-Za-z][A-Za-z0-9_ -]*$/, 'dimension names start with a letter and use letters, digits, _ - or space')
      .describe('The placeholder it fills: [Name] in the template.'),
    levels: z.array(levelSchema).min(1, 'a dimension needs at least one level').describe('The levels it varies over.'),
  })
  .describe('A factor of the design: every combination of its levels with the other dimensions’ is a scenario.');

export const scaleEntrySchema = z
  .object({
    code: z.number().int().describe('The whole number an answer is read as.'),
    label: nonBlank.describe('What the code means, as the model is told.'),
  })
  .describe('One code of the answer scale.');

/**
 * Which value each end of the answer scale serves (e.g. high = "Housing security", low = "Property rights"): a high
 * score sides with `high`, a low one with `low`, the midpoint with neither. Studies rank values across dilemmas by it.
 */
export const scaleValuesSchema = z
  .object({ high: nonBlank.max(200), low: nonBlank.max(200) })
  .refine((v) => v.high.toLowerCase() !== v.low.toLowerCase(), {
    message: 'the two ends of the scale must serve different values',
    path: ['low'],
  });

/**
 * A pairwise design: forced choices between the listed values (each shown by its statement as [A] or [B] in the
 * template), every pair or a seeded design in which each value meets `degree` others, always in both orders.
 */
export const pairwiseDesignSchema = z.object({
  values: z
    .array(z.object({ name: nonBlank.max(200), statement: nonBlank }))
    .min(2, 'a pairwise design needs at least two values')
    .max(500, 'a pairwise design can hold at most 500 values'),
  degree: z.number().int('degree must be a whole number').min(2, 'degree must be at least 2').optional(),
  seed: z.number().int().optional(),
});

/**
 * Which value each option of a categorical answer serves (the options are the answer scale's codes, read as unordered
 * choices): choosing an option is a win for its value over the other options' values. Options left out serve none.
 */
export const optionValuesSchema = z
  .array(
    z.object({
      code: z.number().int('code must be a whole number').describe('An answer code: one option of the scale.'),
      value: nonBlank.max(200).describe('The value that choosing this option serves.'),
    }),
  )
  .min(2, 'option values need at least two options');

/**
 * Counterbalancing: how a level's wording variants are used and whether the answer scale's direction is reversed, as
 * factors of the design. Absent means `pick` and `none` (definitions written before it expand as they always did).
 */
export const counterbalanceSchema = z
  .object({
    wording: z
      .enum(['pick', 'rotate', 'cross'])
      .default('pick')
      .describe(
        'pick: one option per scenario, chosen from `seed` (the default); rotate: variant 1, 2, … in turn across ' +
          'scenarios; cross: every scenario in every variant (a factor: scenarios × variants).',
      ),
    order: z
      .enum(['none', 'half', 'crossed'])
      .default('none')
      .describe(
        'none: the scale as written (the default); half: the scale’s labels reversed in a seeded, balanced half of ' +
          'scenarios; crossed: every scenario in both directions. Answers are stored as the canonical code.',
      ),
  })
  .describe('Wording variants and answer-scale direction as design factors (their effects are reported).');

export const definitionContentSchema = z.object({
  name: nonBlank.max(200).describe('The study’s title, shown in the app and in exports.'),
  preamble: z
    .string()
    .default('')
    .describe('Optional system message of every scenario; its "N - label" lines give the answer scale.'),
  template: nonBlank.describe('The user message; each [Name] placeholder is filled by the dimension of that name.'),
  dimensions: z.array(dimensionSchema).default([]).describe('The dimensions whose levels fill the placeholders.'),
  scale: z
    .array(scaleEntrySchema)
    .optional()
    .describe('An explicit answer scale, taken exactly as written (else read from the preamble).'),
  seed: z.number().int().optional().describe('Chooses among a level’s options; the same seed gives the same prompts.'),
  values: scaleValuesSchema
    .optional()
    .describe('Which value each end of the answer scale serves (high, low), for value priorities across a study.'),
  pairwise: pairwiseDesignSchema
    .optional()
    .describe('Forced choices between values, generated for every pair (or a seeded design) in both orders.'),
  optionValues: optionValuesSchema
    .optional()
    .describe('Which value each option (answer code) of a categorical answer serves, for value priorities.'),
  counterbalance: counterbalanceSchema.optional(),
});

export type DefinitionContent = z.infer<typeof definitionContentSchema>;
export type DefinitionContentInput = z.input<typeof definitionContentSchema>;
export type ScaleEntry = z.infer<typeof scaleEntrySchema>;
export type ScaleValues = z.infer<typeof scaleValuesSchema>;
export type Counterbalance = z.infer<typeof counterbalanceSchema>;
export type PairwiseDesign = z.infer<typeof pairwiseDesignSchema>;
export type OptionValues = z.infer<typeof optionValuesSchema>;
