import { createServer, type Server } from 'node:http';
import type { Config } from './config.js';
import { connect, type Connection } from './db/connect.js';
import { createRepositories } from './graph/index.js';
import { isGraphEmpty, loadSeeds } from './ingest/seeds.js';
import { buildYoga } from './yoga.js';

export interface RunningServer {
  url: string;
  connection: Connection;
  close(): Promise<void>;
}

/** A failure at start-up that one line explains (a port in use, a bad setting). */
export class StartupError extends Error {
  readonly code = 'STARTUP';
}

/**
 * Composition root: database (external or embedded) → migrations → seeds on an empty graph →
 * GraphQL handler → HTTP listener. Whatever started is stopped again if a later step fails.
 */
export async function startServer(config: Config, log: (message: string) => void): Promise<RunningServer> {
  const connection = await connect(config, log);
  let server: Server | undefined;
  try {
    log(`Neo4j ready at ${connection.uri} (${connection.mode})`);
    if (config.seeds.onStart && (await isGraphEmpty(connection.db))) {
      const counts = await loadSeeds(connection.db, config.seeds.dir);
      log(`empty graph: loaded the seeds (${counts.concepts} concepts, ${counts.relations} relations, ${counts.comparisons} comparisons)`);
    }
    const yoga = buildYoga({ db: connection.db, repos: createRepositories(connection.db), writeKeys: config.writeKeys });
    server = createServer(yoga);
    await listen(server, config.http.port, config.http.host);
  } catch (error) {
    await connection.close();
    throw error;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.http.port;
  const url = `http://${config.http.host.includes(':') ? `[${config.http.host}]` : config.http.host}:${port}/graphql`;
  const listening = server;
  return {
    url,
    connection,
    close: async () => {
      await new Promise<void>((resolve) => {
        listening.close(() => resolve());
        listening.closeAllConnections();
      });
      await connection.close();
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new StartupError(`port ${port} on ${host} is in use: stop what holds it or set PORT to another port`));
      else if (error.code === 'EACCES' || error.code === 'EADDRNOTAVAIL') reject(new StartupError(`cannot listen on ${host}:${port} (${error.code}): set HOST and PORT`));
      else reject(error);
    });
    server.listen(port, host, () => resolve());
  });
}
