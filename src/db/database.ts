import neo4j, {
  type Driver,
  type Neo4jError,
  type ManagedTransaction,
  type QueryResult,
  type RecordShape,
} from 'neo4j-driver';
import type { Log } from '../log.js';
import { DatabaseHealth, DatabaseUnavailableError } from './supervisor.js';

export interface DatabaseOptions {
  uri: string;
  user: string;
  password: string;
  database: string;
  queryTimeoutMs: number;
}

/** Errors that mean the server is gone, not that a statement was wrong. */
function isConnectionLoss(error: unknown): boolean {
  const code = (error as Neo4jError | undefined)?.code;
  return code === neo4j.error.SERVICE_UNAVAILABLE || code === neo4j.error.SESSION_EXPIRED;
}

/** How often a read that failed transiently is tried in all. */
const READ_ATTEMPTS = 3;
/** Records a stream (an export) pulls from Neo4j at a time. */
const STREAM_FETCH_SIZE = 500;

/** One read statement, records as plain objects: {@link Database.read}, or a transaction's. */
export type Reader = <T extends RecordShape = RecordShape>(cypher: string, params?: Record<string, unknown>) => Promise<T[]>;

/** Called once per Cypher statement sent; tests count statements, the benchmark replays them. */
export type StatementListener = (cypher: string, params: Record<string, unknown>) => void;

/**
 * Runs `start` with V8's stack capture off. neo4j-driver captures a stack trace for every
 * result it creates, to show the caller's frames should the statement fail; formatting it cost
 * 6% of Node's CPU per lookup under load. A failed read is still logged with the request's
 * id, operation and field path (yoga.ts), which say where it came from.
 */
function untraced<T>(start: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return start();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/**
 * The one driver of the process and the only way the rest of the code talks to Neo4j.
 *
 * Integer policy: the driver returns plain JS numbers (`disableLosslessIntegers`), which is
 * exact for every count and position this graph holds (all far below 2^53). Integers sent
 * *to* Cypher where Cypher insists on INTEGER (LIMIT, SKIP, range bounds) go through {@link int}.
 *
 * Reads run in read transactions and writes in write transactions, so with a `neo4j://`
 * routing URI a cluster serves reads from followers and read replicas with no code change.
 */
export class Database {
  readonly name: string;
  /** Whether Neo4j answers; while it does not, every call fails at once (DATABASE_UNAVAILABLE). */
  readonly health: DatabaseHealth;
  private current: Driver;
  /** One connection of its own for readiness checks, so they never queue behind queries. */
  private prober: Driver | null = null;
  private readonly timeoutMs: number;
  private readonly listeners = new Set<StatementListener>();

  constructor(private readonly options: DatabaseOptions & { log?: Log }) {
    this.current = this.newDriver();
    this.name = options.database;
    this.timeoutMs = options.queryTimeoutMs;
    this.health = new DatabaseHealth({ probe: () => this.reconnect(), log: options.log ?? (() => {}) });
  }

  /** The driver in use; replaced by a fresh one (an empty pool) when Neo4j comes back. */
  get driver(): Driver {
    return this.current;
  }

  private newDriver(poolSize = 50): Driver {
    const { uri, user, password } = this.options;
    return neo4j.driver(uri, password ? neo4j.auth.basic(user, password) : undefined, {
      disableLosslessIntegers: true,
      userAgent: 'ossigraph/0.1',
      maxConnectionPoolSize: poolSize,
      connectionAcquisitionTimeout: 10_000,
      // A dead server must not hold a request: the driver's default keeps retrying a failed
      // transaction for 30 s, and waits as long for a TCP connection.
      maxTransactionRetryTime: 1_000,
      connectionTimeout: 3_000,
    });
  }

  /** Probe while down: a fresh driver that reaches Neo4j takes the place of the old one. */
  private async reconnect(): Promise<void> {
    const fresh = this.newDriver();
    try {
      await fresh.verifyConnectivity({ database: this.options.database });
    } catch (error) {
      await fresh.close();
      throw error;
    }
    const old = this.current;
    this.current = fresh;
    void old.close().catch(() => {});
    void this.prober?.close().catch(() => {});
    this.prober = null;
  }

  /** Runs `work` unless the database is known to be down; notices when it goes away. */
  private async guarded<T>(work: () => Promise<T>): Promise<T> {
    this.health.assertUp();
    try {
      return await work();
    } catch (error) {
      if (!isConnectionLoss(error)) throw error;
      this.health.lost((error as Neo4jError).code ?? 'connection lost');
      throw new DatabaseUnavailableError();
    }
  }

  /**
   * Whether Neo4j answers, asked on a connection of its own: under a flood the main pool is
   * busy with queries, and a readiness probe must not wait behind them.
   */
  async verify(): Promise<void> {
    this.prober ??= this.newDriver(1);
    const prober = this.prober;
    await this.guarded(() => prober.verifyConnectivity({ database: this.name }));
  }

  async close(): Promise<void> {
    this.health.close();
    await Promise.all([this.current.close(), this.prober?.close()]);
  }

  onStatement(listener: StatementListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * One read statement; records come back as plain objects. It runs as an auto-commit
   * transaction in a read session (routed to readers in a cluster): RUN and PULL go out in
   * one write, where a managed transaction adds BEGIN and COMMIT round trips — half the CPU
   * per statement in this process and less work for Neo4j, measured under load. A read
   * changes nothing, so a transient failure (a leader switch, a dropped pooled connection)
   * is simply tried again, as executeQuery would.
   */
  async read<T extends RecordShape = RecordShape>(cypher: string, params: Record<string, unknown> = {}): Promise<T[]> {
    this.emit(cypher, params);
    return this.guarded(() => this.readWithRetries<T>(cypher, params));
  }

  private async readWithRetries<T extends RecordShape>(cypher: string, params: Record<string, unknown>): Promise<T[]> {
    for (let attempt = 1; ; attempt += 1) {
      const session = this.driver.session({ database: this.name, defaultAccessMode: neo4j.session.READ });
      try {
        const result = await untraced(() => session.run(cypher, params, { timeout: this.timeoutMs }));
        return result.records.map((record) => record.toObject() as T);
      } catch (error) {
        if (attempt >= READ_ATTEMPTS || !neo4j.isRetryableError(error as Error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      } finally {
        await session.close();
      }
    }
  }

  /**
   * One read statement whose records arrive as they are read, for answers too large to hold
   * (an export of the whole graph): the driver pulls a batch at a time and stops pulling
   * while the consumer is behind, so memory stays flat however many records there are.
   * `timeoutMs` 0 means no limit; a consumer that stops early closes the session.
   */
  async *stream<T extends RecordShape = RecordShape>(cypher: string, params: Record<string, unknown> = {}, timeoutMs = this.timeoutMs): AsyncGenerator<T> {
    this.emit(cypher, params);
    this.health.assertUp();
    const session = this.driver.session({ database: this.name, defaultAccessMode: neo4j.session.READ, fetchSize: STREAM_FETCH_SIZE });
    try {
      const result = session.run(cypher, params, { timeout: timeoutMs });
      try {
        for await (const record of result) yield record.toObject() as T;
      } catch (error) {
        if (!isConnectionLoss(error)) throw error;
        this.health.lost((error as Neo4jError).code ?? 'connection lost');
        throw new DatabaseUnavailableError();
      }
    } finally {
      await session.close();
    }
  }

  /** One write statement, in its own transaction; records come back as plain objects. */
  async write<T extends RecordShape = RecordShape>(cypher: string, params: Record<string, unknown> = {}): Promise<T[]> {
    this.emit(cypher, params);
    const result = await this.guarded(() =>
      this.driver.executeQuery(cypher, params, { database: this.name, routing: neo4j.routing.WRITE, transactionConfig: { timeout: this.timeoutMs } }),
    );
    return result.records.map((record) => record.toObject() as T);
  }

  async readTx<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.transaction('READ', work);
  }

  /** All statements of `work` commit together or not at all. */
  async writeTx<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.transaction('WRITE', work);
  }

  /**
   * A write transaction for seeds and imports: all or nothing like {@link writeTx}, but not
   * bound by the API's query timeout (it may run for minutes on a busy machine; callers report
   * progress instead). A killed client or database leaves nothing of it behind.
   */
  async bulkWriteTx<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.transaction('WRITE', work, 0);
  }

  private transaction<T>(mode: 'READ' | 'WRITE', work: (tx: Tx) => Promise<T>, timeoutMs = this.timeoutMs): Promise<T> {
    return this.guarded(async () => {
      const session = this.driver.session({ database: this.name, defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE });
      try {
        const run = (tx: ManagedTransaction) => work(this.wrap(tx));
        // 0: no limit (the driver's "execute indefinitely"), whatever the server's default.
        const config = { timeout: timeoutMs };
        return await (mode === 'READ' ? session.executeRead(run, config) : session.executeWrite(run, config));
      } finally {
        await session.close();
      }
    });
  }

  /**
   * Runs `work` in a write transaction that is always rolled back: a what-if view of the
   * graph (the evaluation hides links this way), never a change.
   */
  async rolledBack<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    this.health.assertUp();
    const session = this.driver.session({ database: this.name, defaultAccessMode: neo4j.session.WRITE });
    const tx = session.beginTransaction({ timeout: this.timeoutMs });
    try {
      return await work(this.wrap(tx));
    } finally {
      await tx.rollback();
      await session.close();
    }
  }

  /**
   * A statement in its own auto-commit transaction: schema changes (which cannot share a
   * transaction with data writes) and `CALL { … } IN TRANSACTIONS` batches.
   */
  async autoCommit(cypher: string, params: Record<string, unknown> = {}): Promise<void> {
    this.emit(cypher, params);
    await this.guarded(async () => {
      const session = this.driver.session({ database: this.name, defaultAccessMode: neo4j.session.WRITE });
      try {
        await session.run(cypher, params);
      } finally {
        await session.close();
      }
    });
  }

  private wrap(tx: Pick<ManagedTransaction, 'run'>): Tx {
    return {
      run: (cypher, params) => {
        this.emit(cypher, params ?? {});
        return tx.run(cypher, params ?? {});
      },
    };
  }

  private emit(cypher: string, params: Record<string, unknown>): void {
    for (const listener of this.listeners) listener(cypher, params);
  }
}

/** The part of a transaction repositories use; wrapped so every statement is observable. */
export interface Tx {
  run(cypher: string, params?: Record<string, unknown>): Promise<QueryResult>;
}

/** The statements of a transaction as a {@link Reader}. */
export function readerOf(tx: Tx): Reader {
  return (cypher, params) => run(tx, cypher, params);
}

export async function run<T extends RecordShape = RecordShape>(
  tx: Tx,
  cypher: string,
  params: Record<string, unknown> = {},
): Promise<T[]> {
  const result = await tx.run(cypher, params);
  return result.records.map((record) => record.toObject() as T);
}

/** A JS number as a Cypher INTEGER, for LIMIT, SKIP and other places that refuse a FLOAT. */
export function int(value: number): ReturnType<typeof neo4j.int> {
  return neo4j.int(Math.trunc(value));
}
