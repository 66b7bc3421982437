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
});

export type DefinitionContent = z.infer<typeof definitionContentSchema>;
export type DefinitionContentInput = z.input<typeof definitionContentSchema>;
export type ScaleEntry = z.infer<typeof scaleEntrySchema>;
