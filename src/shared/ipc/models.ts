/** Routes `models.*`: the model catalog (built-in models and versions merged with the providers' listings). */
import { modelsListInputSchema, type ModelCatalog } from '../providers';
import { defineRoute } from './define-route';

export const modelRoutes = {
  'models.list': defineRoute<ModelCatalog>()(modelsListInputSchema),
} as const;
