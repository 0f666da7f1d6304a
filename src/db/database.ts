import neo4j, {
  type Driver,
  type ManagedTransaction,
  type QueryResult,
  type RecordShape,
} from 'neo4j-driver';

export interface DatabaseOptions {
  uri: string;
  user: string;
  password: string;
  database: string;
  queryTimeoutMs: number;
}

/** How often a read that failed transiently is tried in all. */
const READ_ATTEMPTS = 3;

/** One read statement, records as plain objects: {@link Database.read}, or a transaction's. */
export type Reader = <T extends RecordShape = RecordShape>(cypher: string, params?: Record<string, unknown>) => Promise<T[]>;

/** Called once per Cypher statement sent; tests count statements, the benchmark replays them. */
export type StatementListener = (cypher: string, params: Record<string, unknown>) => void;

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
  readonly driver: Driver;
  readonly name: string;
  private readonly timeoutMs: number;
  private readonly listeners = new Set<StatementListener>();

  constructor(options: DatabaseOptions) {
    const auth = options.password ? neo4j.auth.basic(options.user, options.password) : undefined;
    this.driver = neo4j.driver(options.uri, auth, {
      disableLosslessIntegers: true,
      userAgent: 'ossigraph/0.1',
      maxConnectionPoolSize: 50,
      connectionAcquisitionTimeout: 10_000,
    });
    this.name = options.database;
    this.timeoutMs = options.queryTimeoutMs;
  }

  async verify(): Promise<void> {
    await this.driver.verifyConnectivity({ database: this.name });
  }

  async close(): Promise<void> {
    await this.driver.close();
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
    for (let attempt = 1; ; attempt += 1) {
      const session = this.driver.session({ database: this.name, defaultAccessMode: neo4j.session.READ });
      try {
        const result = await session.run(cypher, params, { timeout: this.timeoutMs });
        return result.records.map((record) => record.toObject() as T);
      } catch (error) {
        if (attempt >= READ_ATTEMPTS || !neo4j.isRetryableError(error as Error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      } finally {
        await session.close();
      }
    }
  }

  /** One write statement, in its own transaction; records come back as plain objects. */
  async write<T extends RecordShape = RecordShape>(cypher: string, params: Record<string, unknown> = {}): Promise<T[]> {
    this.emit(cypher, params);
    const result = await this.driver.executeQuery(cypher, params, {
      database: this.name,
      routing: neo4j.routing.WRITE,
      transactionConfig: { timeout: this.timeoutMs },
    });
    return result.records.map((record) => record.toObject() as T);
  }

  async readTx<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const session = this.driver.session({ database: this.name, defaultAccessMode: neo4j.session.READ });
    try {
      return await session.executeRead((tx) => work(this.wrap(tx)), { timeout: this.timeoutMs });
    } finally {
      await session.close();
    }
  }

  /** All statements of `work` commit together or not at all. */
  async writeTx<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const session = this.driver.session({ database: this.name, defaultAccessMode: neo4j.session.WRITE });
    try {
      return await session.executeWrite((tx) => work(this.wrap(tx)), { timeout: this.timeoutMs });
    } finally {
      await session.close();
    }
  }

  /**
   * Runs `work` in a write transaction that is always rolled back: a what-if view of the
   * graph (the evaluation hides links this way), never a change.
   */
  async rolledBack<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
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
    const session = this.driver.session({ database: this.name, defaultAccessMode: neo4j.session.WRITE });
    try {
      this.emit(cypher, params);
      await session.run(cypher, params);
    } finally {
      await session.close();
    }
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
