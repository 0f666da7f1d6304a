import type { Config } from '../config.js';
import { Database } from './database.js';
import { startEmbeddedNeo4j } from './embedded.js';
import { migrate } from './migrations.js';
import { superviseEmbedded, type DatabaseLog } from './supervisor.js';

export interface Connection {
  db: Database;
  mode: 'external' | 'embedded';
  uri: string;
  /** The process id of the embedded Neo4j's JVM as it runs now (after restarts too); null when external. */
  embeddedPid(): number | null;
  /** Closes the driver, then stops the embedded Neo4j if this process started one. */
  close(): Promise<void>;
}

const plainLog: DatabaseLog = () => {};

/**
 * The one code path to a database: an external Neo4j when NEO4J_URI is set, else the
 * embedded one, kept running by a supervisor. Either way the schema migrations are applied
 * before anything else runs, and the database's health is watched (see supervisor.ts).
 */
export async function connect(config: Config, log: (message: string) => void = () => {}, events: DatabaseLog = plainLog): Promise<Connection> {
  let supervisor: ReturnType<typeof superviseEmbedded> | undefined;
  let uri = config.neo4j.uri;
  const startEmbedded = (port: number) => startEmbeddedNeo4j({ ...config.embedded, port, log });
  const embedded = uri ? undefined : await startEmbedded(config.embedded.port);
  if (embedded) uri = embedded.uri;
  const db = new Database({ ...config.neo4j, uri: uri!, log: events });
  if (embedded) {
    // Restarts reuse the port the first start found, so the driver's address stays right.
    const port = Number(new URL(embedded.uri).port);
    supervisor = superviseEmbedded(embedded, () => startEmbedded(port), db.health, events);
  }
  const close = async () => {
    await db.close();
    await supervisor?.stop();
  };
  try {
    await db.verify();
    await migrate(db);
  } catch (error) {
    await close();
    throw error;
  }
  return { db, mode: embedded ? 'embedded' : 'external', uri: uri!, embeddedPid: () => supervisor?.current().pid ?? null, close };
}
