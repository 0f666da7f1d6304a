import type { Log } from '../log.js';
import type { EmbeddedNeo4j } from './embedded.js';

/** Raised instead of waiting while the database cannot be reached; the API answers 503. */
export class DatabaseUnavailableError extends Error {
  readonly code = 'DATABASE_UNAVAILABLE';
  constructor() {
    super('The database is unavailable; retry in a few seconds.');
    this.name = 'DatabaseUnavailableError';
  }
}

export interface HealthOptions {
  /** Succeeds once the database answers again (and may reconnect while at it). */
  probe: () => Promise<void>;
  log: Log;
  /** Pause between probes while the database is down. */
  probeIntervalMs?: number;
}

/**
 * Whether the database is reachable. The first failure that says the server is gone marks
 * it down (one error line) and starts probing; while down, every statement fails at once
 * with {@link DatabaseUnavailableError} instead of waiting on a dead socket; the first probe
 * that succeeds marks it up again (one info line, with how long it was down).
 */
export class DatabaseHealth {
  private downSince: number | null = null;
  private probing = false;
  private closed = false;

  constructor(private readonly options: HealthOptions) {}

  get down(): boolean {
    return this.downSince !== null;
  }

  /** Throws {@link DatabaseUnavailableError} while the database is down. */
  assertUp(): void {
    if (this.down) throw new DatabaseUnavailableError();
  }

  lost(reason: string): void {
    if (this.closed || this.down) return;
    this.downSince = Date.now();
    this.options.log('error', 'database unavailable: answering DATABASE_UNAVAILABLE until it is back', { reason });
    void this.probeUntilUp();
  }

  close(): void {
    this.closed = true;
  }

  private async probeUntilUp(): Promise<void> {
    if (this.probing) return;
    this.probing = true;
    try {
      while (this.down && !this.closed) {
        await new Promise((resolve) => setTimeout(resolve, this.options.probeIntervalMs ?? 500));
        try {
          await this.options.probe();
          const downMs = Date.now() - this.downSince!;
          this.downSince = null;
          this.options.log('info', 'database available again', { downMs });
        } catch {
          // still down; the next probe comes after the interval
        }
      }
    } finally {
      this.probing = false;
    }
  }
}

/** Why the child went away, as an operator wants to read it. */
export interface ExitReport {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The last lines the JVM wrote. */
  tail: string[];
}

/**
 * Keeps the embedded Neo4j running: when its JVM dies (a crash, an OOM, `kill -9`), the
 * health is told at once, the death is logged with the JVM's last lines, and Neo4j is
 * started again on the same data directory and port — it recovers its store from the
 * transaction log — with a growing pause between attempts (1 s, 2 s, 4 s … 30 s). The
 * server process never exits because of it.
 */
export function superviseEmbedded(
  first: EmbeddedNeo4j,
  start: () => Promise<EmbeddedNeo4j>,
  health: DatabaseHealth,
  log: Log,
): { current: () => EmbeddedNeo4j; stop: () => Promise<void> } {
  let current = first;
  let stopping = false;
  const watch = (neo4j: EmbeddedNeo4j) => {
    void neo4j.exited.then(async (report) => {
      if (stopping) return;
      health.lost(`the embedded Neo4j exited (${report.signal ? `signal ${report.signal}` : `code ${report.code}`})`);
      log('error', 'embedded Neo4j died; restarting it', { code: report.code, signal: report.signal, lastLines: report.tail });
      for (let attempt = 1; !stopping; attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 1000 * 2 ** (attempt - 1))));
        if (stopping) return;
        try {
          current = await start();
          log('info', 'embedded Neo4j restarted', { attempt, pid: current.pid });
          watch(current);
          return;
        } catch (error) {
          log('warn', 'embedded Neo4j did not start again; retrying', { attempt, reason: (error as Error).message });
        }
      }
    });
  };
  watch(first);
  return {
    current: () => current,
    stop: async () => {
      stopping = true;
      await current.stop();
    },
  };
}
