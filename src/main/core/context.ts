/** What every area's handlers may use: the services the composition root wires together once. */
import type { OpenedDatabase } from './db/open';
import type { DefinitionService } from './definitions/service';
import type { ModelCatalogService } from './providers/catalog';
import type { ProviderSettingsService } from './providers/settings';
import type { SecretStore } from './providers/secrets';
import type { PythonPool } from './python/pool';
import type { RunControls } from './runs/controls';
import type { RunQueries } from './runs/query';
import type { Scheduler } from './scheduler/scheduler';
import type { Logger } from './util/logger';

export interface CoreContext {
  dataDir: string;
  env: Record<string, string | undefined>;
  database: OpenedDatabase;
  definitions: DefinitionService;
  providers: ProviderSettingsService;
  /** The model catalog (built-ins merged with provider listings), kept in memory. */
  catalog: ModelCatalogService;
  secrets: SecretStore;
  runs: RunQueries;
  controls: RunControls;
  pool: PythonPool;
  scheduler: Scheduler;
  logger: Logger;
  maxAttempts: number;
  /** Asks the person where to save a file (Electron's Save-As); without it exports go to <dataDir>/exports. */
  chooseSavePath?: (suggestedName: string) => Promise<string | null>;
  /** better-sqlite3's binary for this runtime, for connections opened outside the core's own (export workers). */
  nativeBinding?: string;
  /** What to install when no usable Python was found (the Electron shell's discovery says it per OS). */
  pythonAdvice?: string;
}
