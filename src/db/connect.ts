import type { Config } from '../config.js';
import { Database } from './database.js';
import { announceEmbedded, embeddedPassword, runningEmbedded, startEmbeddedNeo4j, withdrawEmbedded } from './embedded.js';
import { migrate } from './migrations.js';
import type { Log } from '../log.js';
import { superviseEmbedded } from './supervisor.js';
import type { CliErrorCode } from '../errors.js';

/** Neo4j did not answer when the process started: a one-line message the CLI prints as is. */
export class Neo4jUnreachableError extends Error {
  readonly code = 'NEO4J_UNREACHABLE' satisfies CliErrorCode;
}

export interface Connection {
  db: Database;
  /** external: NEO4J_URI; embedded: started here; shared: the embedded Neo4j a running server started. */
  mode: 'external' | 'embedded' | 'shared';
  uri: string;
  /** The process id of the embedded Neo4j's JVM as it runs now (after restarts too); null when external. */
  embeddedPid(): number | null;
  /** Closes the driver, then stops the embedded Neo4j if this process started one. */
  close(): Promise<void>;
}

/**
 * The one code path to a database: an external Neo4j when NEO4J_URI is set, else the
 * embedded one, kept running by a supervisor. Either way the schema migrations are applied
 * before anything else runs, and the database's health is watched (see supervisor.ts).
 */
export async function connect(config: Config, log: Log = () => {}): Promise<Connection> {
  if (!config.neo4j.uri) {
    const shared = await joinRunning(config, log);
    if (shared) return shared;
  }
  let supervisor: ReturnType<typeof superviseEmbedded> | undefined;
  let uri = config.neo4j.uri;
  const startEmbedded = (port: number) => startEmbeddedNeo4j({ ...config.embedded, port, log: (message) => log('info', message) });
  const embedded = uri ? undefined : await startEmbedded(config.embedded.port);
  if (embedded) uri = embedded.uri;
  const credentials = embedded ? { user: embedded.user, password: embedded.password } : {};
  const db = new Database({ ...config.neo4j, ...credentials, uri: uri!, log });
  if (embedded) {
    // Restarts reuse the port the first start found, so the driver's address stays right.
    const port = Number(new URL(embedded.uri).port);
    supervisor = superviseEmbedded(embedded, () => startEmbedded(port), db.health, log);
    announceEmbedded(config.embedded.dataDir, embedded.uri);
  }
  const close = async () => {
    if (embedded) withdrawEmbedded(config.embedded.dataDir);
    await db.close();
    await supervisor?.stop();
  };
  try {
    // Straight to the driver: at start a database that cannot be reached is a setting to
    // fix, not an outage to wait out.
    await db.driver.verifyConnectivity({ database: config.neo4j.database }).catch((error: { code?: string; message?: string }) => {
      throw new Neo4jUnreachableError(
        `cannot reach Neo4j at ${uri} (${error.code ?? error.message}): check that it runs and that NEO4J_URI, NEO4J_USER and NEO4J_PASSWORD are right`,
      );
    });
    await migrate(db);
  } catch (error) {
    await close();
    throw error;
  }
  return { db, mode: embedded ? 'embedded' : 'external', uri: uri!, embeddedPid: () => supervisor?.current().pid ?? null, close };
}

/**
 * The embedded Neo4j a live process (a server) already runs on this data directory, joined
 * rather than started: its store is locked to that process, and a CLI import beside a running
 * server writes where the server reads. Null when none answers.
 */
async function joinRunning(config: Config, log: Log): Promise<Connection | null> {
  const running = runningEmbedded(config.embedded.dataDir);
  if (!running) return null;
  const password = config.embedded.password ?? embeddedPassword(config.embedded.dataDir);
  const db = new Database({ ...config.neo4j, user: 'neo4j', password, uri: running.uri, log });
  try {
    await db.driver.verifyConnectivity({ database: config.neo4j.database });
    await migrate(db);
  } catch {
    await db.close();
    return null;
  }
  log('info', `using the Neo4j that process ${running.pid} runs on ${config.embedded.dataDir} (${running.uri})`);
  return { db, mode: 'shared', uri: running.uri, embeddedPid: () => null, close: () => db.close() };
}
