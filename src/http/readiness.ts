import type { Plugin } from 'graphql-yoga';
import type { Database } from '../db/database.js';
import { serviceHeaders } from '../errors.js';

/**
 * GET /ready: 200 `{"status":"ready"}` when Neo4j answers, else 503 `{"status":"unavailable"}`
 * with Retry-After — never the driver's message, which names hosts and ports. While the
 * database is known to be down it answers without trying; otherwise it asks Neo4j at most
 * once per `checkEveryMs`, and probes arriving meanwhile share that answer, so a busy
 * orchestrator cannot queue work for a loaded database. (/health answers 200 whenever the
 * process is up.)
 */
export function useReadiness(db: Database, endpoint = '/ready', checkEveryMs = 1000): Plugin {
  let last: { at: number; ready: Promise<boolean> } | null = null;
  const check = () => {
    if (!last || Date.now() - last.at >= checkEveryMs) {
      last = { at: Date.now(), ready: db.verify().then(() => true, () => false) };
    }
    return last.ready;
  };
  const answer = (ready: boolean) =>
    new Response(JSON.stringify({ status: ready ? 'ready' : 'unavailable' }), {
      status: ready ? 200 : 503,
      headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...(ready ? {} : serviceHeaders('DATABASE_UNAVAILABLE')) },
    });
  return {
    async onRequest({ url, endResponse }) {
      if (url.pathname !== endpoint) return;
      endResponse(answer(!db.health.down && (await check())));
    },
  };
}
