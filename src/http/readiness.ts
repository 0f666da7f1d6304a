import type { Plugin } from 'graphql-yoga';
import type { Database } from '../db/database.js';
import { serviceHeaders } from '../errors.js';

export interface ProbeAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

/** GET /health: 200 whenever the process is up, whatever the database does (an empty body, as yoga's own). */
export const ALIVE: ProbeAnswer = { status: 200, headers: { 'cache-control': 'no-store' }, body: '' };

export interface Readiness {
  /** The answer to GET /ready now. */
  answer(): Promise<ProbeAnswer>;
}

/** A database that has not answered a readiness check for this long is reported unavailable. */
const STALE_AFTER_MS = 10_000;

/**
 * GET /ready: 200 `{"status":"ready"}` when Neo4j answers, else 503 `{"status":"unavailable"}`
 * with Retry-After — never the driver's message, which names hosts and ports. While the
 * database is known to be down it answers without trying. Otherwise it answers at once from
 * the last check (the first probe waits for one), and starts a new check when that one is
 * older than `checkEveryMs`: one check at a time whatever the number of probes, and a probe
 * never waits behind the queries of a loaded database. A database that has not answered a
 * check for 10 s counts as unavailable.
 */
export function createReadiness(db: Database, checkEveryMs = 1000): Readiness {
  let known: { ready: boolean; at: number } | null = null;
  let checking: Promise<boolean> | null = null;
  const check = (): Promise<boolean> => {
    checking ??= db.verify().then(
      () => true,
      () => false,
    ).then((ready) => {
      known = { ready, at: Date.now() };
      checking = null;
      return ready;
    });
    return checking;
  };
  const isReady = async (): Promise<boolean> => {
    if (db.health.down) return false;
    if (!known) return check();
    const age = Date.now() - known.at;
    if (age >= checkEveryMs) void check();
    return known.ready && age < STALE_AFTER_MS;
  };
  return {
    async answer() {
      const ready = await isReady();
      return {
        status: ready ? 200 : 503,
        headers: { ...JSON_HEADERS, ...(ready ? {} : serviceHeaders('DATABASE_UNAVAILABLE')) },
        body: JSON.stringify({ status: ready ? 'ready' : 'unavailable' }),
      };
    },
  };
}

const toResponse = (answer: ProbeAnswer) => new Response(answer.body, { status: answer.status, headers: answer.headers });

/**
 * /ready inside yoga, for callers of `yoga.fetch` (tests, other runtimes); yoga answers
 * /health itself. The HTTP server answers both before yoga (see front-door.ts), alike.
 */
export function useReadiness(readiness: Readiness, endpoint = '/ready'): Plugin {
  return {
    async onRequest({ url, endResponse }) {
      if (url.pathname === endpoint) endResponse(toResponse(await readiness.answer()));
    },
  };
}
