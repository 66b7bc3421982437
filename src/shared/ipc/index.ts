/**
 * The IPC contract: every route the renderer, the CLI and browser mode may call, with its zod input schema and its
 * output type, assembled from one file per route prefix. Main parses input with these schemas; the handler map is
 * typed against this object so a missing or extra handler fails to compile.
 */
import type { z } from 'zod';
import { definitionPreviewRoutes } from './definition-preview';
import { batchRoutes } from './batches';
import { dataRoutes } from './data';
import { definitionRoutes } from './definitions';
import { exportRoutes } from './export';
import { healthRoutes } from './health';
import { modelRoutes } from './models';
import { preferenceRoutes } from './preferences';
import { priceRoutes } from './prices';
import { providerRoutes } from './providers';
import { resultRoutes } from './results';
import { runRoutes } from './runs';
import { systemRoutes } from './system';
import { studyRoutes } from './studies';
import { transcriptRoutes } from './transcripts';

export type { Bridge, EventName, Events } from './channels';
export { EVENT_CHANNEL, INVOKE_CHANNEL } from './channels';
export type {
  DefinitionArchiveResult,
  DefinitionDeleteResult,
  DefinitionDiff,
  DefinitionFormat,
  DefinitionProblem,
  DefinitionSaveResult,
  DefinitionSource,
  DefinitionValidation,
  DefinitionVersionInfo,
  DefinitionVersions,
  DiffLine,
  ImportResult,
  ScenarioDiff,
  ScenarioWordingChange,
} from './definitions';
export type { Study, StudyDetail } from './studies';
export type { DefinitionPreview, PreviewPlaceholder, PreviewScenario } from './definition-preview';
export type { RunDeletion, RunPreview, Viewed } from './runs';
export { EXPORT_ROUTE_BY_FORMAT } from './export';
export { ROUTE_EFFECTS, type ReadRoute, type RouteEffect } from './effects';
export type { ExportResult } from '../export';

export const routes = {
  ...definitionRoutes,
  ...definitionPreviewRoutes,
  ...providerRoutes,
  ...modelRoutes,
  ...healthRoutes,
  ...runRoutes,
  ...transcriptRoutes,
  ...resultRoutes,
  ...exportRoutes,
  ...systemRoutes,
  ...preferenceRoutes,
  ...priceRoutes,
  ...studyRoutes,
  ...batchRoutes,
  ...dataRoutes,
} as const;

export type Routes = typeof routes;
export type RouteName = keyof Routes;
export type RouteInput<K extends RouteName> = z.input<Routes[K]['input']>;
export type ParsedInput<K extends RouteName> = z.output<Routes[K]['input']>;
export type RouteOutput<K extends RouteName> = NonNullable<Routes[K]['output']>;

export type Handlers = { [K in RouteName]: (input: ParsedInput<K>) => Promise<RouteOutput<K>> };

export function isRouteName(name: string): name is RouteName {
  return Object.prototype.hasOwnProperty.call(routes, name);
}
