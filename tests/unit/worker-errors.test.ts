/** The worker vocabulary is one list per language: these read the Python side and compare it with the TypeScript. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROVIDERS } from '../../src/main/core/providers/registry';
import { PROVIDER_IDS } from '../../src/shared/domain';
import {
  POOL_OFFLINE_HINTS,
  POOL_OFFLINE_REASONS,
  poolOfflineMessage,
  WIRE_FORMATS,
  WORKER_ERROR_CODES,
  workerErrorCodeSchema,
} from '../../src/shared/worker-errors';

const PYTHON = readFileSync(join(__dirname, '../../python/valuerank_worker/vocabulary.py'), 'utf8');

/** The values of `class NAME(str, enum.Enum):` members, in order. */
function pythonEnum(name: string): string[] {
  const body = new RegExp(`^class ${name}\\(str, enum\\.Enum\\):\\n((?:(?:    .*)?\\n)+)`, 'm').exec(PYTHON);
  if (!body?.[1]) throw new Error(`enum ${name} not found in vocabulary.py`);
  return [...body[1].matchAll(/^ {4}[A-Z_]+ = "([^"]+)"$/gm)].map((m) => m[1]!);
}

/** The string entries of the PROVIDER_NAMES dict. */
function pythonProviderNames(): Record<string, string> {
  const body = /^PROVIDER_NAMES = \{\n([\s\S]*?)^\}/m.exec(PYTHON);
  if (!body?.[1]) throw new Error('PROVIDER_NAMES not found in vocabulary.py');
  return Object.fromEntries([...body[1].matchAll(/^ {4}"([^"]+)": "([^"]+)",$/gm)].map((m) => [m[1]!, m[2]!]));
}

describe('the worker vocabulary shared with Python', () => {
  it('has the same error codes, in the same order, as the Python enum', () => {
    expect(pythonEnum('ErrorCode')).toEqual([...WORKER_ERROR_CODES]);
    expect(workerErrorCodeSchema.safeParse('RESPONSE_TOO_LARGE').success).toBe(true);
    expect(workerErrorCodeSchema.safeParse('SOMETHING_ELSE').success).toBe(false);
  });

  it('has the same wire formats as the Python enum, and every provider speaks one of them', () => {
    expect(pythonEnum('Wire')).toEqual([...WIRE_FORMATS]);
    for (const id of PROVIDER_IDS) expect(WIRE_FORMATS).toContain(PROVIDERS[id].wire);
  });

  it('names every provider in worker errors the way the registry does', () => {
    const names = pythonProviderNames();
    expect(Object.keys(names).sort()).toEqual([...PROVIDER_IDS].sort());
    for (const id of PROVIDER_IDS) expect(names[id]).toBe(PROVIDERS[id].displayName);
  });

  it('derives the offline message and fix from the reason', () => {
    for (const reason of POOL_OFFLINE_REASONS) expect(POOL_OFFLINE_HINTS[reason].length).toBeGreaterThan(10);
    expect(poolOfflineMessage('PYTHON_NOT_FOUND', 'spawn /x/python ENOENT')).toBe(
      `spawn /x/python ENOENT. ${POOL_OFFLINE_HINTS.PYTHON_NOT_FOUND}`,
    );
    expect(POOL_OFFLINE_HINTS.WORKER_CRASHED).toMatch(/keeps crashing/);
  });
});
