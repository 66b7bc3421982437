/** In-memory stand-ins the production code has no use for: a logger that keeps its lines, a secret store in a Map. */
import type { SecretStore } from '../../src/main/core/providers/secrets';
import { createLogger, type Logger } from '../../src/main/core/util/logger';

/** A logger that keeps lines in memory, at debug level. */
export function createMemoryLogger(secrets?: () => string[]): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  return { logger: createLogger({ level: 'debug', write: (line) => lines.push(line), secrets }), lines };
}

export function createMemorySecretStore(): SecretStore {
  const map = new Map<string, string>();
  return {
    kind: 'memory',
    persistent: false,
    warning: 'Keys entered here are kept in memory only and are forgotten when the app closes.',
    get: (name) => map.get(name) ?? null,
    set: (name, value) => {
      if (value === null) map.delete(name);
      else map.set(name, value);
    },
    values: () => [...map.values()],
  };
}
