import { createServer, type Server } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { Server as NetServer } from 'node:net';
import type { Config } from './config.js';
import { connect, type Connection } from './db/connect.js';
import { errorFields, type Log } from './log.js';
import { createRepositories } from './graph/index.js';
import { isGraphEmpty, loadSeeds } from './ingest/seeds.js';
import { createAdmission } from './http/admission.js';
import { frontDoor } from './http/front-door.js';
import { createReadiness } from './http/readiness.js';
import { buildYoga } from './yoga.js';
import type { CliErrorCode } from './errors.js';

export interface RunningServer {
  url: string;
  connection: Connection;
  /** Requests being answered now. */
  inFlight(): number;
  close(): Promise<void>;
}

/** How long start-up waits for the index (search's, which related ranks over too) to load before opening without it. */
const SEARCH_INDEX_WAIT_MS = 15_000;

/** A failure at start-up that one line explains (a port in use, a bad setting). */
export class StartupError extends Error {
  readonly code = 'STARTUP' satisfies CliErrorCode;
}

/**
 * Composition root: database (external or embedded) → migrations → seeds on an empty graph →
 * GraphQL handler → HTTP listener. Whatever started is stopped again if a later step fails.
 */
export async function startServer(config: Config, log: Log): Promise<RunningServer> {
  const connection = await connect(config, log);
  let server: Server | undefined;
  let inFlight = () => 0;
  let stopIndex = () => {};
  try {
    log('info', `Neo4j ready (${connection.mode})`, { uri: connection.uri });
    if (config.seeds.onStart && (await isGraphEmpty(connection.db))) {
      const counts = await loadSeeds(connection.db, config.seeds.dir);
      log('info', 'empty graph: loaded the seeds', { ...counts });
    }
    const repos = createRepositories(connection.db);
    await repos.related.prepare();
    // Search (exact and prefix matches) and related concepts rank in memory once the index has
    // loaded, until then in Neo4j. The server opens once it holds the keys (a second or two on
    // the ontology graph, about 3 s at 100k concepts), or after SEARCH_INDEX_WAIT_MS without
    // them; the relations related ranks over are read after that, while the server answers
    // (about 10 s at 1M relations).
    stopIndex = () => repos.searchIndex.stop();
    const started = performance.now();
    const waited = new AbortController();
    await Promise.race([repos.searchIndex.start(), delay(SEARCH_INDEX_WAIT_MS, undefined, { signal: waited.signal }).catch(() => undefined)]);
    waited.abort();
    const indexed = repos.searchIndex.size;
    if (indexed === null) log('warn', 'search index not loaded yet: search and related run in Neo4j until it is', { waitedMs: Math.round(performance.now() - started) });
    else log('info', 'search index loaded', { concepts: indexed, ms: Math.round(performance.now() - started) });
    void repos.searchIndex.linked().then(() => log('info', 'relations loaded: related concepts rank in memory', { ms: Math.round(performance.now() - started) }));
    const admission = createAdmission(config.admission);
    const readiness = createReadiness(connection.db);
    const yoga = buildYoga({
      db: connection.db,
      repos,
      writeKeys: config.writeKeys,
      admission,
      readiness,
      rateLimit: config.rateLimit,
      web: config.web,
      logError: (error, fields) => log('error', 'unexpected error', { ...fields, ...errorFields(error) }),
    });
    server = createServer(frontDoor(yoga, { readiness, admission }));
    inFlight = trackRequests(server);
    await listen(server, config.http.port, config.http.host);
  } catch (error) {
    stopIndex();
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
    inFlight: () => inFlight(),
    close: async () => {
      await drain(listening, config.http.shutdownGraceMs, inFlight);
      stopIndex();
      await connection.close();
    },
  };
}

/** Counts the requests being answered, from the server's start. */
function trackRequests(server: Server): () => number {
  let active = 0;
  server.on('request', (_request, response) => {
    active += 1;
    response.once('close', () => (active -= 1));
  });
  return () => active;
}

/**
 * Graceful stop: no new connections; requests in flight finish and get their answer, for at
 * most `graceMs`. Once none has been in flight for a moment, the idle keep-alive connections
 * left are closed, and so is anything still open when the grace period ends.
 */
async function drain(server: Server, graceMs: number, inFlight: () => number): Promise<void> {
  // net.Server's close stops accepting but, unlike http.Server's, leaves idle connections
  // open: a connection just accepted may be carrying a request that is on its way.
  const closed = new Promise<void>((resolve) => NetServer.prototype.close.call(server, () => resolve()));
  const deadline = Date.now() + graceMs;
  for (let quiet = 0; quiet < 3 && Date.now() < deadline; ) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    quiet = inFlight() === 0 ? quiet + 1 : 0;
  }
  server.closeAllConnections();
  await closed;
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
