/**
 * The layering table of the main process, as data: tests/unit/architecture.test.ts derives its import rules from it
 * (and docs/ARCHITECTURE.md describes it). Nothing at run time reads this file.
 *
 * src/main/core is built in floors, lowest first. A module imports from its own floor or a floor below, never above:
 * a change to a floor can then break only the floors above it, and each floor can be tested with the ones below.
 */

/** A floor's parts are the folders of src/main/core (or its top-level files, named with `.ts`). */
export interface Floor {
  readonly name: string;
  readonly parts: readonly string[];
}

export const CORE_FLOORS: readonly Floor[] = [
  { name: 'utilities and paths', parts: ['util', 'paths.ts'] },
  { name: 'database (schema, migrations, opening)', parts: ['db'] },
  { name: 'store (every SQL statement)', parts: ['store'] },
  { name: 'domain services', parts: ['definitions', 'providers', 'python', 'analysis', 'preferences', 'data-folder'] },
  { name: 'run services', parts: ['runs', 'scheduler', 'results', 'export', 'studies', 'batches'] },
  { name: 'routes', parts: ['handlers', 'ipc'] },
  { name: 'composition root and the core face', parts: ['create-core.ts', 'index.ts', 'layers.ts'] },
];

/** Parts of one floor that still must not import each other: what both need lives a floor below. */
export const KEPT_APART: readonly (readonly [string, string])[] = [['runs', 'scheduler']];

/**
 * Handler → service → store: a route handler calls services; it never reaches the store or the database itself
 * (a service owns each rule, such as "reads never write", and the handler only maps routes to it).
 */
export const HANDLER_PARTS: readonly string[] = ['handlers'];
export const BELOW_THE_SERVICES: readonly string[] = ['store', 'db'];

/**
 * Named exceptions to the floors, each a type-only import (erased at build time: no load order, no cycle) with the
 * reason it stays. A value import is never excepted.
 */
export const TYPE_ONLY_EXCEPTIONS: readonly { from: string; to: string; why: string }[] = [
  {
    from: 'store/jobs.ts',
    to: 'python/protocol.ts',
    why: 'the job store records the worker’s probe result and error as the protocol defines their shapes',
  },
];

/** The front doors: each imports the core only through CORE_FACE, and never another door. */
export const FRONT_DOORS: readonly { name: string; paths: readonly string[] }[] = [
  { name: 'electron', paths: ['src/main/index.ts', 'src/main/electron/'] },
  { name: 'browser mode', paths: ['src/main/web/'] },
  { name: 'cli', paths: ['src/main/cli/'] },
];

/** What every front door may share (process guards, signal handling): it imports the core only through the face. */
export const FRONT_DOOR_SHARED = 'src/main/front-door/';

/** The one module of src/main/core a front door imports. */
export const CORE_FACE = 'src/main/core/index.ts';
