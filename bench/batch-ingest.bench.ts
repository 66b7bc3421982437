/**
 * Batch result ingestion at scale: a batch run of 100,000 jobs whose one chunk has ended, its 100,000-line result file
 * already in the data folder (as a download leaves it), collected through the same path the app uses (the worker
 * reads and parses pages, the core writes each page and the file offset in one transaction). Prints rows/s, peak RSS
 * of this process, and the CPU time of the core and of the Python worker. Target: 20,000 rows/s with flat memory.
 * Run with `node --expose-gc --import tsx bench/batch-ingest.bench.ts [ROWS]` (with --expose-gc it also prints the heap
 * still held after a collection: what ingestion kept, as against what the collector had not yet freed).
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createCore } from '../src/main/core/create-core';
import { callRoute } from '../src/main/core/ipc/dispatch';
import { createMemoryLogger } from '../tests/helpers/memory';
import { makeTempDir } from '../tests/helpers/temp';

const ROWS = Number(process.argv[2] ?? 100_000);
const TARGET_ROWS_PER_S = 20_000;
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** A definition of 10,000 scenarios (four dimensions of ten levels). */
function definition(): string {
  const dim = (name: string): string[] => [
    `  - name: ${name}`,
    '    levels:',
    ...Array.from(
      { length: 10 },
      (_, i) => `      - { score: ${i + 1}, label: ${name}${i}, options: ['${name} ${i}'] }`,
    ),
  ];
  return [
    'name: Batch bench',
    'preamble: |',
    '  5 - Strongly agree',
    '  1 - Strongly disagree',
    '  End with "Rating: N".',
    'template: |',
    '  Weigh [A], [B], [C] and [D].',
    'dimensions:',
    ...dim('A'),
    ...dim('B'),
    ...dim('C'),
    ...dim('D'),
    '',
  ].join('\n');
}

/** Children reaped so far: user + system CPU in ms (Linux /proc; null elsewhere). */
function childrenCpuMs(): number | null {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  const temp = makeTempDir();
  const core = await createCore({
    dataDir: temp.dir,
    env: { OPENAI_API_KEY: 'bench-key', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' },
    workerCount: 1,
    logger: createMemoryLogger().logger,
    startScheduler: false,
    batches: { deleteProviderFiles: false, tickMs: 3_600_000 },
  });
  try {
    const { definition: def } = await callRoute(core.dispatch, 'definitions.import', {
      fileName: 'bench.yaml',
      text: definition(),
    });
    let start = performance.now();
    const run = await callRoute(core.dispatch, 'runs.create', {
      definitionId: def.id,
      models: [{ providerId: 'openai', modelId: 'gpt-4o-mini', modelVersion: null }],
      options: { samples: Math.ceil(ROWS / 10_000) },
      mode: 'batch',
      ignoreHealth: true,
      costConfirmed: true,
    });
    // A large run's jobs are written in chunks after the route answers: seed once they all exist.
    await core.internals.chunked.idle();
    const sqlite = core.internals.database.sqlite;
    const jobs = sqlite.prepare(`SELECT id FROM jobs WHERE run_id = ? ORDER BY ordinal LIMIT ?`).all(run.id, ROWS) as {
      id: string;
    }[];
    // The chunk as a download leaves it: ended, its output file in the data folder.
    const chunkId = 'bch_bench';
    const view = {
      id: 'batch_bench',
      state: 'ended',
      providerStatus: 'completed',
      counts: { total: ROWS, succeeded: ROWS, errored: 0, expired: 0, cancelled: 0, processing: 0 },
      createdAt: Date.now() / 1000,
      expiresAt: null,
      endedAt: Date.now() / 1000,
      metadata: {},
      inputFileId: 'file-in',
      files: [{ kind: 'output', id: 'file-out', url: 'http://127.0.0.1:9/unused' }],
    };
    const iso = new Date().toISOString();
    sqlite
      .prepare(
        `INSERT INTO batch_chunks (id, run_id, provider_id, model_key, chunk_no, state, request_hash, request_count,
          request_bytes, batch_id, provider_status, view_json, created_at, submitted_at, ended_at, updated_at)
          VALUES (?, ?, 'openai', 'openai:gpt-4o-mini', 1, 'ended', ?, ?, 0, 'batch_bench', 'completed', ?, ?, ?, ?, ?)`,
      )
      .run(chunkId, run.id, '0'.repeat(64), ROWS, JSON.stringify(view), iso, iso, iso, iso);
    sqlite
      .prepare(`UPDATE jobs SET batch_chunk_id = ? WHERE run_id = ? AND id IN (SELECT value FROM json_each(?))`)
      .run(chunkId, run.id, JSON.stringify(jobs.map((j) => j.id)));
    const dir = join(temp.dir, 'batches', run.id);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${chunkId}.output.jsonl`);
    const lines = jobs.map((job, i) =>
      JSON.stringify({
        id: `batch_req_${i}`,
        custom_id: `${job.id}-c1`,
        response: {
          status_code: 200,
          request_id: `req_${i}`,
          body: {
            id: `chatcmpl-${i}`,
            object: 'chat.completion',
            model: 'gpt-4o-mini-2024-07-18',
            choices: [
              {
                index: 0,
                message: { role: 'assistant', content: `Weighing it all, I lean one way.\n\nRating: ${(i % 5) + 1}` },
                finish_reason: 'stop',
              },
            ],
            usage: { prompt_tokens: 60, completion_tokens: 12, total_tokens: 72 },
          },
        },
        error: null,
      }),
    );
    writeFileSync(file, lines.join('\n') + '\n');
    console.log(
      `seeded ${ROWS.toLocaleString()} jobs and a ${mb(statSync(file).size)} result file in ` +
        `${(performance.now() - start).toFixed(0)} ms`,
    );

    await core.internals.pool.start();
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    const heapBefore = process.memoryUsage().heapUsed;
    let peakRss = rssBefore;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
    const cpuBefore = process.cpuUsage();
    start = performance.now();
    const report = await core.internals.batches.reconcile({ runId: run.id, force: true });
    const elapsed = performance.now() - start;
    clearInterval(sampler);
    const cpu = process.cpuUsage(cpuBefore);
    global.gc?.();
    const heapAfter = process.memoryUsage().heapUsed;
    const ok = report.ingested === ROWS && ROWS / (elapsed / 1000) >= TARGET_ROWS_PER_S;
    const before = childrenCpuMs();
    await core.close();
    const after = childrenCpuMs();
    console.log(
      `ingested ${report.ingested.toLocaleString()} rows  ${elapsed.toFixed(0)} ms  ` +
        `${Math.round(report.ingested / (elapsed / 1000)).toLocaleString()} rows/s  ` +
        `peak RSS ${mb(peakRss)} (+${mb(peakRss - rssBefore)})` +
        (global.gc ? `  heap retained after GC ${mb(heapAfter - heapBefore)}` : '') +
        `  core CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms` +
        (before !== null && after !== null ? `  Python CPU ${(after - before).toFixed(0)} ms` : '') +
        `  ${ok ? 'OK' : 'SLOW'} (target ${TARGET_ROWS_PER_S.toLocaleString()} rows/s)`,
    );
    if (report.errors.length > 0) console.log(report.errors.join('\n'));
    process.exitCode = ok ? 0 : 1;
  } finally {
    temp.cleanup();
  }
}

void main();
