/**
 * The browser suite's share of the renderer coverage gate: while `vitest run --coverage` runs, every page a browser
 * test opens records Chromium's precise (block) JS coverage, and at close the raw V8 entries of the built renderer's
 * own scripts are written to coverage/e2e-raw/<uuid>.json. scripts/renderer-coverage.mjs maps them back through the
 * bundle's source maps to src/renderer and merges them with vitest's own coverage. Without --coverage nothing is
 * recorded (tests/helpers/coverage-setup.ts provides the folder only then).
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where browser tests write raw V8 coverage of the renderer; empty when coverage is off. */
    rendererCoverageDir: string;
  }
}

/** One script's raw V8 coverage, as written to coverage/e2e-raw (the format scripts/renderer-coverage.mjs reads). */
export interface RawScriptCoverage {
  /** The bundle's path under the built renderer, e.g. assets/index-abc123.js. */
  asset: string;
  /** sha256 of the script's text, so a later build can never be mapped through the wrong source map. */
  sha256: string;
  functions: {
    functionName: string;
    isBlockCoverage: boolean;
    ranges: { startOffset: number; endOffset: number; count: number }[];
  }[];
}

export interface RendererCoverage {
  /** Stops recording on every open page and writes the renderer's entries; never throws (a warning instead). */
  save(): Promise<void>;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

function coverageDir(): string {
  try {
    return inject('rendererCoverageDir') ?? '';
  } catch {
    return ''; // Not inside a vitest run (or no globalSetup): nothing to record.
  }
}

/**
 * Starts recording on `page` (awaited, before its first navigation) and on every later page of the context (a new
 * tab or a popup: started as it opens, so a script it loads at once may be missed). `dir` defaults to the run's
 * folder (none without --coverage).
 */
export async function recordRendererCoverage(
  context: BrowserContext,
  page: Page,
  rendererDir: string,
  dir = coverageDir(),
): Promise<RendererCoverage> {
  if (!dir) return { save: async () => undefined };
  const pages: Page[] = [];
  const start = async (target: Page): Promise<void> => {
    pages.push(target);
    await target.coverage.startJSCoverage({ resetOnNavigation: false, reportAnonymousScripts: false });
  };
  context.on('page', (opened) => {
    if (opened !== page) void start(opened).catch(() => undefined);
  });
  await start(page);
  return {
    save: async () => {
      try {
        const scripts: RawScriptCoverage[] = [];
        for (const target of pages) {
          if (target.isClosed()) continue;
          for (const entry of await target.coverage.stopJSCoverage().catch(() => [])) {
            const asset = rendererAsset(entry.url, entry.source ?? '', rendererDir);
            if (asset) scripts.push({ asset, sha256: sha256(entry.source ?? ''), functions: entry.functions });
          }
        }
        if (scripts.length === 0) return;
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, `${randomUUID()}.json`), JSON.stringify(scripts));
      } catch (error) {
        // Never fail the test over its coverage; the gate's figure shows what went missing.
        console.warn(`renderer coverage not saved: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
  };
}

/** assets/<name>.js when the script is the built renderer's own file with exactly the text on disk; else null. */
function rendererAsset(url: string, source: string, rendererDir: string): string | null {
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch {
    return null;
  }
  const match = /^\/(assets\/[\w.-]+\.js)$/.exec(pathname);
  if (!match?.[1]) return null;
  const file = join(rendererDir, match[1]);
  if (!existsSync(file) || sha256(readFileSync(file, 'utf8')) !== sha256(source)) return null;
  return match[1];
}
