import { randomUUID } from 'node:crypto';
import { Repeater } from '@repeaterjs/repeater';
import { int, type Database } from '../db/database.js';

/**
 * Progress of imports, for Subscription.importProgress. An import writes the graph in one
 * transaction that nobody else sees until it commits, so its progress is kept apart: an
 * :Import node per run, updated in transactions of its own (at most twice a second, and a
 * heartbeat while it commits), which any server instance reads. An importer that dies stops
 * its heartbeat; readers then see its run as ABANDONED.
 */

export const IMPORT_STATES = ['RUNNING', 'DONE', 'FAILED', 'ABANDONED'] as const;
export type ImportState = (typeof IMPORT_STATES)[number];

export interface ImportProgressRow {
  id: string;
  /** Who imports: import-obo, import-article. */
  source: string;
  /** What it reads: the file names. */
  key: string;
  /** What it is doing: reading, concepts, merging, relations, committing, or done. */
  phase: string;
  done: number;
  total: number;
  state: ImportState;
  /** How it ended: the summary, or what went wrong. */
  message: string | null;
  startedAt: string;
  updatedAt: string;
  /** Bumped by every update; a reader reports a run again when it changes. */
  rev: number;
}

/** A run is abandoned when its importer has not been heard of for this long. */
export const ABANDONED_AFTER_MS = 60_000;
const HEARTBEAT_MS = 10_000;
const UPDATE_EVERY_MS = 500;
/** Runs are kept this long after their last update. */
const KEPT_MS = 7 * 24 * 3600_000;

const RETURN = `i.id AS id, i.source AS source, i.key AS key, i.phase AS phase, i.done AS done, i.total AS total,
  CASE WHEN i.state = 'RUNNING' AND i.heardMs < timestamp() - $abandoned THEN 'ABANDONED' ELSE i.state END AS state,
  i.message AS message, i.startedAt AS startedAt, i.updatedAt AS updatedAt, i.rev AS rev`;

const numbers = (row: ImportProgressRow): ImportProgressRow => ({ ...row, done: Number(row.done), total: Number(row.total), rev: Number(row.rev) });

export class ImportProgressLog {
  constructor(private readonly db: Database) {}

  /** Starts a run and drops runs older than a week; returns its id. */
  async start(source: string, key: string): Promise<string> {
    const id = randomUUID();
    await this.db.write(
      `CREATE (i:Import {id: $id, source: $source, key: $key, phase: 'reading', done: 0, total: 0, state: 'RUNNING', message: null,
         startedAt: toString(datetime()), updatedAt: toString(datetime()), heardMs: timestamp(), rev: 1})
       WITH i
       CALL (i) { MATCH (old:Import) WHERE old.heardMs < timestamp() - $kept WITH old LIMIT 100 DELETE old }`,
      { id, source, key, kept: int(KEPT_MS) },
    );
    return id;
  }

  async update(id: string, change: { phase: string; done: number; total: number; state?: ImportState; message?: string | null }): Promise<void> {
    await this.db.write(
      `MATCH (i:Import {id: $id})
       SET i.phase = $phase, i.done = $done, i.total = $total, i.state = coalesce($state, i.state), i.message = coalesce($message, i.message),
           i.updatedAt = toString(datetime()), i.heardMs = timestamp(), i.rev = i.rev + 1`,
      { id, phase: change.phase, done: int(change.done), total: int(change.total), state: change.state ?? null, message: change.message ?? null },
    );
  }

  /** Says the importer is alive without reporting a change. */
  async heartbeat(id: string): Promise<void> {
    await this.db.write('MATCH (i:Import {id: $id}) SET i.heardMs = timestamp()', { id });
  }

  /** Runs updated in the last `withinMs`, or the one with `id`. */
  async recent(options: { id?: string | null; withinMs?: number }): Promise<ImportProgressRow[]> {
    const rows = await this.db.read<ImportProgressRow>(
      `MATCH (i:Import) WHERE ($id IS NULL OR i.id = $id) AND ($id IS NOT NULL OR i.heardMs >= timestamp() - $within)
       RETURN ${RETURN} ORDER BY i.startedAt`,
      { id: options.id ?? null, within: int(options.withinMs ?? ABANDONED_AFTER_MS * 2), abandoned: int(ABANDONED_AFTER_MS) },
    );
    return rows.map(numbers);
  }

  /**
   * Reports a run as an importer makes progress: `progress` for each step (written at most
   * twice a second, the last one always), a heartbeat meanwhile, `end` once. Reporting never
   * fails the import: a progress write that fails is dropped.
   */
  reporter(id: string) {
    let latest: { phase: string; done: number; total: number } | null = null;
    let writing: Promise<void> = Promise.resolve();
    let lastWrite = 0;
    let timer: NodeJS.Timeout | null = null;
    const flush = () => {
      const next = latest;
      latest = null;
      if (!next) return writing;
      lastWrite = Date.now();
      writing = writing.then(() => this.update(id, next).catch(() => undefined));
      return writing;
    };
    const heartbeat = setInterval(() => void this.heartbeat(id).catch(() => undefined), HEARTBEAT_MS);
    heartbeat.unref();
    return {
      progress: (phase: string, done: number, total: number) => {
        latest = { phase: done >= total && phase !== 'reading' ? 'committing' : phase, done, total };
        if (Date.now() - lastWrite >= UPDATE_EVERY_MS || done >= total) void flush();
        else timer ??= setTimeout(() => {
          timer = null;
          void flush();
        }, UPDATE_EVERY_MS);
      },
      end: async (state: 'DONE' | 'FAILED', message: string, counts?: { done: number; total: number }) => {
        clearInterval(heartbeat);
        if (timer) clearTimeout(timer);
        latest = null;
        await writing;
        const done = counts?.done ?? 0;
        await this.update(id, { phase: state === 'DONE' ? 'done' : 'failed', done, total: counts?.total ?? done, state, message }).catch(() => undefined);
      },
    };
  }

  /**
   * Runs as they progress: first the state of each run going on now (or of the run `id`),
   * then every update, polled every `pollMs` while the consumer listens. With an id, the
   * stream ends once that run has ended.
   */
  follow(id: string | null, pollMs = 250): AsyncIterableIterator<ImportProgressRow> {
    return new Repeater<ImportProgressRow>(async (push, stop) => {
      const seen = new Map<string, number>();
      let stopped = false;
      void stop.then(() => (stopped = true));
      const initial = await this.recent({ id });
      for (const row of initial) {
        seen.set(row.id, row.rev);
        if (id !== null || row.state === 'RUNNING') await push(row);
        if (id !== null && row.state !== 'RUNNING') return stop();
      }
      while (!stopped) {
        await Promise.race([new Promise((resolve) => setTimeout(resolve, pollMs)), stop]);
        if (stopped) break;
        let rows: ImportProgressRow[];
        try {
          rows = await this.recent({ id });
        } catch {
          continue; // the database is away; the next tick tries again
        }
        for (const row of rows) {
          const rev = row.state === 'ABANDONED' ? -1 : row.rev; // reported once more when it goes quiet
          if (seen.get(row.id) === rev) continue;
          seen.set(row.id, rev);
          await push(row);
          if (id !== null && row.state !== 'RUNNING') return stop();
        }
      }
    });
  }
}
