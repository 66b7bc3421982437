/**
 * What each route may change, written once per route: a `read` never writes the database (it may answer from memory,
 * start the worker or compute in a worker thread), so polling it is safe; a `write` changes stored data, a file or
 * a process. The record is exhaustive: a new route does not compile until it is classified here, and
 * tests/integration/reads-never-write.test.ts calls every read against a real database and fails on any write.
 */
import type { RouteName } from './index';

export type RouteEffect = 'read' | 'write';

export const ROUTE_EFFECTS = {
  'definitions.list': 'read',
  'definitions.get': 'read',
  'definitions.import': 'write',
  'definitions.samples': 'read',
  'definitions.importSample': 'write',
  'definitions.scenarios': 'read',
  'providers.list': 'read',
  'providers.save': 'write',
  // Both may refresh the stored model listings from the providers.
  'models.list': 'write',
  'health.check': 'write',
  'runs.create': 'write',
  'runs.preview': 'read',
  'runs.list': 'read',
  'runs.update': 'write',
  'runs.archive': 'write',
  'runs.deletion': 'read',
  'runs.delete': 'write',
  'runs.get': 'read',
  'runs.viewed': 'write',
  'runs.pause': 'write',
  'runs.resume': 'write',
  'runs.cancel': 'write',
  'runs.retryFailed': 'write',
  'runs.reextract': 'write',
  'runs.transcripts': 'read',
  'runs.related': 'read',
  'transcripts.get': 'read',
  'transcripts.viewed': 'write',
  'transcripts.override': 'write',
  'results.summary': 'read',
  'results.scenarios': 'read',
  'results.compare': 'read',
  'results.effects': 'read',
  'results.interaction': 'read',
  'results.agreement': 'read',
  'results.compareEffects': 'read',
  'export.csv': 'write',
  'export.jsonl': 'write',
  'export.progress': 'read',
  'export.drag': 'write',
  'system.worker': 'read',
  'system.python': 'read',
  'preferences.get': 'read',
  'preferences.save': 'write',
  'prices.list': 'read',
  'prices.save': 'write',
  'prices.remove': 'write',
  'data.backup': 'write',
  'data.backups': 'read',
  'data.move': 'write',
} as const satisfies Record<RouteName, RouteEffect>;

export type ReadRoute = { [K in RouteName]: (typeof ROUTE_EFFECTS)[K] extends 'read' ? K : never }[RouteName];
