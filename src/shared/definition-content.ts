/** A definition's content as researchers write it (YAML or JSON): its schema is the one source for the importer, the
 * editor and the published JSON Schema. */
import { z } from 'zod';

export const nonBlank = z.string().trim().min(1, 'must not be empty');

export const levelSchema = z.object({
  score: z.number().int('score must be a whole number'),
  label: nonBlank,
  options: z.array(nonBlank).min(1, 'a level needs at least one option'),
});

export const dimensionSchema = z.object({
  name: z
    .string()
    .trim()
    .regex(/^[A-Za-z][A-Za-z0-9_ -]*$/, 'dimension names start with a letter and use letters, digits, _ - or space'),
  levels: z.array(levelSchema).min(1, 'a dimension needs at least one level'),
});

export const scaleEntrySchema = z.object({ code: z.number().int(), label: nonBlank });

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

export const definitionContentSchema = z.object({
  name: nonBlank.max(200),
  preamble: z.string().default(''),
  template: nonBlank,
  dimensions: z.array(dimensionSchema).default([]),
  scale: z.array(scaleEntrySchema).optional(),
  seed: z.number().int().optional(),
  values: scaleValuesSchema.optional(),
  pairwise: pairwiseDesignSchema.optional(),
});

export type DefinitionContent = z.infer<typeof definitionContentSchema>;
export type DefinitionContentInput = z.input<typeof definitionContentSchema>;
export type ScaleEntry = z.infer<typeof scaleEntrySchema>;
export type ScaleValues = z.infer<typeof scaleValuesSchema>;
export type PairwiseDesign = z.infer<typeof pairwiseDesignSchema>;
