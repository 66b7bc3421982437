/**
 * The core's one face to the front doors (the Electron shell, browser mode, the CLI): everything a front door may use
 * from src/main/core is exported here, and a front door imports nothing else of the core (tests/unit/architecture).
 */
export { createCore, type Core, type CoreEvents, type CoreOptions } from './create-core';
export { callRoute, invokeRoute, type Dispatch } from './ipc/dispatch';
export {
  assertMovedDataPresent,
  defaultDataDir,
  devResourcePaths,
  isWritable,
  movedDataDir,
  projectRoot,
  startupDataDir,
} from './paths';
export { createLogger, type Logger, type LogLevel } from './util/logger';
export { exportsDir, type ChooseSavePath } from './export/destination';
export { writeValueRanking } from './export/values-export';
export { writeAnalysisCsv } from './export/analysis-csv';
export { DATABASE_FILE } from './db/open';
export { restoreDataFolder } from './data-folder/service';
export { switchedNote } from './data-folder/move';
export { writeDataFolderPointer } from './data-folder/pointer';
export type { ChooseFolder } from './handlers/data';
export {
  isSupported,
  MIN_PYTHON,
  parseProbeOutput,
  PROBE_SCRIPT,
  runProbe,
  type PythonProbe,
} from './python/interpreter';
export type { PoolOutage } from './python/pool';
export type { SecretStore } from './providers/secrets';
export { isStorageFailure } from './scheduler/disk-full';
export { requestedConcurrency } from './providers/limits';
export { decodeUtf8Strict } from './util/utf8';
export { comparisonCsv, COMPARISON_COLUMNS, writeComparisonCsv } from './export/comparison-csv';
