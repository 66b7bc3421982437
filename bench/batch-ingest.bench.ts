/**
 * Batch result ingestion at scale: a batch run of 100,000 jobs whose one chunk has ended, its 100,000-line result file
 * already in the data folder (as a download leaves it), collected through the same path the app uses (the worker
 * reads and parses pages, the core writes each page and the file offset in one transaction). Prints rows/s, CPU µs per
 * row of the core and of the Python worker, RSS and heap as 10 %, 50 % and 100 % of the rows are in (flat memory), and
 * the latency of the run page's reads (`runs.get` with its progress, the `runs.transcripts` page) issued every 20 ms while
 * ingestion runs: p50/p95/p99, measured from when each read was due, so a page transaction that holds the event loop
 * shows as the wait it causes. Targets: 20,000 rows/s and a read p99 under 250 ms (on a calm machine: print `uptime`).
 * Run with `node --expose-gc --import tsx bench/batch-ingest.bench.ts [ROWS] [PAGE_LINES]` (with --expose-gc it also
 * prints the heap still held after a collection: what ingestion kept, as against what the collector had not freed).
 */
import { loadavg } from 'node:os';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createCore, type Core } from '../src/main/core/create-core';
import { callRoute } from '../src/main/core/ipc/dispatch';
import { createMemoryLogger } from '../tests/helpers/memory';
import { makeTempDir } from '../tests/helpers/temp';

const ROWS = Number(process.argv[2] ?? 100_000);
const PAGE_LINES = process.argv[3] ? Number(process.argv[3]) : undefined;
const TARGET_ROWS_PER_S = 20_000;
const TARGET_READ_P99_MS = 250;
const READ_EVERY_MS = 20;
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

/**
 * Each thread's own user + system CPU in ms by thread id, with its name (Linux /proc; empty elsewhere): the main
 * thread (what the event loop, and so the UI's requests, paid) apart from the checkpoint thread, V8's collector and
 * compiler threads and libuv's, which process.cpuUsage() sums.
 */
function threadsCpuMs(): Map<string, { name: string; ms: number }> {
  const threads = new Map<string, { name: string; ms: number }>();
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      try {
        const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
        threads.set(tid, { name, ms: ((Number(fields[11]) + Number(fields[12])) * 1000) / 100 });
      } catch {
        // The thread ended between the listing and the read.
      }
    }
  } catch {
    // Not Linux.
  }
  return threads;
}

/** CPU ms per kind of thread between two samples (threads that ended in between are missing: it is a lower bound). */
function threadsBetween(
  before: Map<string, { name: string; ms: number }>,
  after: Map<string, { name: string; ms: number }>,
): Map<string, number> {
  const byKind = new Map<string, number>();
  for (const [tid, { name, ms }] of after) {
    const kind = tid === String(process.pid) ? 'main' : `other (${name.trim()})`;
    byKind.set(kind, (byKind.get(kind) ?? 0) + ms - (before.get(tid)?.ms ?? 0));
  }
  return byKind;
}

/**
 * The run page's reads while ingestion runs: one due every READ_EVERY_MS, each timed from when it was due (a read
 * held up behind a page's transaction counts its wait). Also samples RSS and heap at each row mark.
 */
class ReadProbe {
  readonly latencies: number[] = [];
  /** CPU time spent in the reads (µs), to take out of the core's ingestion CPU. */
  cpuUs = 0;
  /** Wall time of the collections the probe forces at the row marks: the bench's own, taken out of the rate. */
  forcedGcMs = 0;
  readonly marks: { rows: number; rss: number; heap: number }[] = [];
  peakRss = process.memoryUsage().rss;
  /** The write-ahead log file's largest size seen at a read, per quarter of the rows (it must not grow with them). */
  readonly peakWal = [0, 0, 0, 0];
  private readonly totalRows: number;

  constructor(
    private readonly core: Core,
    private readonly runId: string,
    private readonly rowMarks: number[],
    private readonly walPath: string,
  ) {
    this.totalRows = rowMarks.at(-1)!;
  }

  async run(until: Promise<unknown>): Promise<void> {
    let done = false;
    void until.finally(() => (done = true));
    const t0 = performance.now();
    for (let k = 0; !done; k += 1) {
      const due = t0 + k * READ_EVERY_MS;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      if (done) break;
      const cpu = process.cpuUsage();
      const detail = await this.read(k % 2);
      const used = process.cpuUsage(cpu);
      this.cpuUs += used.user + used.system;
      this.latencies.push(performance.now() - due);
      this.peakRss = Math.max(this.peakRss, process.memoryUsage().rss);
      const quarter = Math.min(3, Math.floor((4 * detail) / this.totalRows));
      const wal = existsSync(this.walPath) ? statSync(this.walPath).size : 0;
      this.peakWal[quarter] = Math.max(this.peakWal[quarter]!, wal);
      if (this.rowMarks.length > 0 && detail >= this.rowMarks[0]!) {
        // The live heap at the mark (with --expose-gc): what ingestion holds, not what the collector has yet to free.
        const gcStart = performance.now();
        global.gc?.();
        this.forcedGcMs += performance.now() - gcStart;
        const memory = process.memoryUsage();
        while (this.rowMarks.length > 0 && detail >= this.rowMarks[0]!)
          this.marks.push({ rows: this.rowMarks.shift()!, rss: memory.rss, heap: memory.heapUsed });
      }
      // Behind schedule (a long page): the next read is the next one due from now, not a burst of overdue ones.
      k = Math.max(k, Math.floor((performance.now() - t0) / READ_EVERY_MS));
    }
    global.gc?.();
    const memory = process.memoryUsage();
    for (const rows of this.rowMarks) this.marks.push({ rows, rss: memory.rss, heap: memory.heapUsed });
  }

  /** One of the run page's reads; answers the rows completed so far. */
  private async read(which: number): Promise<number> {
    const { dispatch } = this.core;
    if (which === 1) await callRoute(dispatch, 'runs.transcripts', { runId: this.runId, limit: 50 });
    return (await callRoute(dispatch, 'runs.get', { id: this.runId })).progress.completed;
  }

  percentile(p: number): number {
    if (this.latencies.length === 0) return 0;
    const sorted = [...this.latencies].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
  }
}

async function main(): Promise<void> {
  const temp = makeTempDir();
  const { logger, lines: logLines } = createMemoryLogger();
  const core = await createCore({
    dataDir: temp.dir,
    env: { OPENAI_API_KEY: 'bench-key', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' },
    workerCount: 1,
    logger,
    startScheduler: false,
    batches: { deleteProviderFiles: false, tickMs: 3_600_000, ...(PAGE_LINES ? { pageLines: PAGE_LINES } : {}) },
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
    const reads = new ReadProbe(
      core,
      run.id,
      [ROWS / 10, ROWS / 2, ROWS].map(Math.round),
      join(temp.dir, 'valuerank.sqlite-wal'),
    );
    const cpuBefore = process.cpuUsage();
    const threadsBefore = threadsCpuMs();
    start = performance.now();
    const ingesting = core.internals.batches.reconcile({ runId: run.id, force: true });
    const probing = reads.run(ingesting);
    const report = await ingesting;
    // The probe's forced collections (with --expose-gc) are the bench's, not ingestion's.
    const elapsed = performance.now() - start - reads.forcedGcMs;
    const cpu = process.cpuUsage(cpuBefore);
    const threads = threadsBetween(threadsBefore, threadsCpuMs());
    const mainMs = threads.get('main');
    await probing;
    global.gc?.();
    const heapAfter = process.memoryUsage().heapUsed;
    const rate = report.ingested / (elapsed / 1000);
    const p99 = reads.percentile(99);
    const ok = report.ingested === ROWS && rate >= TARGET_ROWS_PER_S && p99 <= TARGET_READ_P99_MS;
    const before = childrenCpuMs();
    await core.close();
    const after = childrenCpuMs();
    const coreMs = (cpu.user + cpu.system - reads.cpuUs) / 1000;
    const perRow = (ms: number): string => `${((ms * 1000) / Math.max(1, report.ingested)).toFixed(1)} µs/row`;
    console.log(
      `ingested ${report.ingested.toLocaleString()} rows  ${elapsed.toFixed(0)} ms  ` +
        (reads.forcedGcMs > 0 ? `(the probe's forced GCs' ${reads.forcedGcMs.toFixed(0)} ms apart)  ` : '') +
        `${Math.round(rate).toLocaleString()} rows/s  core CPU ${coreMs.toFixed(0)} ms (${perRow(coreMs)}; ` +
        `the reads' ${(reads.cpuUs / 1000).toFixed(0)} ms apart)` +
        (mainMs !== undefined
          ? `  of it main thread ${(mainMs - reads.cpuUs / 1000).toFixed(0)} ms (${perRow(mainMs - reads.cpuUs / 1000)})`
          : '') +
        (before !== null && after !== null
          ? `  Python CPU ${(after - before).toFixed(0)} ms (${perRow(after - before)}, start-up included)`
          : ''),
    );
    if (threads.size > 0)
      console.log(
        `core CPU by thread  ` +
          [...threads]
            .filter(([, ms]) => ms > 0)
            .sort((a, b) => b[1] - a[1])
            .map(([kind, ms]) => `${kind} ${ms.toFixed(0)} ms (${perRow(ms)})`)
            .join('  '),
      );
    console.log(
      `memory  peak RSS ${mb(reads.peakRss)} (+${mb(reads.peakRss - rssBefore)})  ` +
        reads.marks.map((m) => `at ${m.rows.toLocaleString()} rows RSS ${mb(m.rss)} heap ${mb(m.heap)}`).join('  ') +
        (global.gc ? `  heap retained after GC ${mb(heapAfter - heapBefore)}` : '') +
        `  write-ahead log at most ${reads.peakWal.map(mb).join(' / ')} (each quarter of the rows)`,
    );
    const emptied = logLines.filter((line) => line.includes('"msg":"checkpoint (log emptied)"'));
    console.log(
      `checkpoints on the thread ${logLines.filter((line) => line.includes('"msg":"checkpoint"')).length}, ` +
        `log emptied ${emptied.filter((line) => line.includes('"busy":0')).length} times` +
        ` (${emptied.filter((line) => !line.includes('"busy":0')).length} kept from it by a reader)`,
    );
    console.log(
      `reads during ingestion (${reads.latencies.length}, one due every ${READ_EVERY_MS} ms)  ` +
        `p50 ${reads.percentile(50).toFixed(1)} ms  p95 ${reads.percentile(95).toFixed(1)} ms  ` +
        `p99 ${p99.toFixed(1)} ms  max ${reads.percentile(100).toFixed(1)} ms`,
    );
    console.log(
      `${ok ? 'OK' : 'SLOW'} (targets ${TARGET_ROWS_PER_S.toLocaleString()} rows/s, read p99 <= ${TARGET_READ_P99_MS} ms)` +
        `  load average ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}`,
    );
    if (report.errors.length > 0) console.log(report.errors.join('\n'));
    process.exitCode = ok ? 0 : 1;
  } finally {
    temp.cleanup();
  }
}

void main();
