/** Routes `providers.*`: each provider's base URL, key (write-only) and parallel-request limit. */
import { z } from 'zod';
import { parallelRequestsSchema, providerIdSchema, type ProviderSettingsView } from '../domain';
import { defineRoute, emptyInput } from './define-route';

export const providerRoutes = {
  'providers.list': defineRoute<ProviderSettingsView[]>()(emptyInput),
  'providers.save': defineRoute<ProviderSettingsView>()(() =>
    z.object({
      providerId: providerIdSchema,
      baseUrl: z
        .string()
        .trim()
        .url('base URL must be a URL such as http://127.0.0.1:11434/v1')
        .refine((url) => /^https?:\/\//i.test(url), 'base URL must start with http:// or https://')
        .optional(),
      apiKey: z.string().trim().max(500).nullable().optional(),
      concurrency: parallelRequestsSchema.nullable().optional(),
    }),
  ),
} as const;
