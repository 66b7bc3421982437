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

export const definitionContentSchema = z.object({
  name: nonBlank.max(200),
  preamble: z.string().default(''),
  template: nonBlank,
  dimensions: z.array(dimensionSchema).default([]),
  scale: z.array(scaleEntrySchema).optional(),
  seed: z.number().int().optional(),
});

export type DefinitionContent = z.infer<typeof definitionContentSchema>;
export type DefinitionContentInput = z.input<typeof definitionContentSchema>;
export type ScaleEntry = z.infer<typeof scaleEntrySchema>;
