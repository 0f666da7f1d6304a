import type { Config } from '../config.js';
import { Database } from './database.js';
import { startEmbeddedNeo4j, type EmbeddedNeo4j } from './embedded.js';
import { migrate } from './migrations.js';

export interface Connection {
  db: Database;
  mode: 'external' | 'embedded';
  uri: string;
  /** Closes the driver, then stops the embedded Neo4j if this process started one. */
  close(): Promise<void>;
}

/**
 * The one code path to a database: an external Neo4j when NEO4J_URI is set, else the
 * embedded one. Either way the schema migrations are applied before anything else runs.
 */
export async function connect(config: Config, log: (message: string) => void = () => {}): Promise<Connection> {
  let embedded: EmbeddedNeo4j | undefined;
  let uri = config.neo4j.uri;
  if (!uri) {
    embedded = await startEmbeddedNeo4j({ ...config.embedded, log });
    uri = embedded.uri;
  }
  const db = new Database({ ...config.neo4j, uri });
  const close = async () => {
    await db.close();
    await embedded?.stop();
  };
  try {
    await db.verify();
    await migrate(db);
  } catch (error) {
    await close();
    throw error;
  }
  return { db, mode: embedded ? 'embedded' : 'external', uri, close };
}
