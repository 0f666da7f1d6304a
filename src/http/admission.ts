import type { Plugin } from 'graphql-yoga';
import { errorResponse } from '../errors.js';

export interface AdmissionOptions {
  /** GraphQL requests served at once; each may run several statements. */
  concurrency: number;
  /** Requests that may wait for a turn; beyond it, OVERLOADED at once. */
  queue: number;
  /** The longest a request waits in the queue before it is refused. */
  queueTimeoutMs: number;
}

/**
 * Admission control: at most `concurrency` GraphQL requests work against the database at a
 * time, `queue` more wait in order, and the rest are refused at once with OVERLOADED (503,
 * Retry-After) before their body is even parsed. A server on two cores stays responsive
 * under a flood: /health, /ready and static pages never queue, and what is admitted finishes
 * at the speed Neo4j allows instead of all requests slowing down together.
 */
export function useAdmissionControl(options: AdmissionOptions, graphqlPath = '/graphql'): Plugin {
  let active = 0;
  const waiting: { admit: () => void; timer: NodeJS.Timeout }[] = [];
  const admitted = new WeakSet<Request>();

  const release = () => {
    const next = waiting.shift();
    if (next) {
      clearTimeout(next.timer);
      next.admit();
    } else {
      active -= 1;
    }
  };
  /** Resolves true once the request may run, false when it must be refused. */
  const enter = (): boolean | Promise<boolean> => {
    if (active < options.concurrency) {
      active += 1;
      return true;
    }
    if (waiting.length >= options.queue) return false;
    return new Promise<boolean>((resolve) => {
      const entry = {
        admit: () => resolve(true),
        timer: setTimeout(() => {
          waiting.splice(waiting.indexOf(entry), 1);
          resolve(false);
        }, options.queueTimeoutMs),
      };
      waiting.push(entry);
    });
  };

  return {
    async onRequest({ request, url, endResponse }) {
      if (url.pathname !== graphqlPath || (request.method !== 'POST' && request.method !== 'GET')) return;
      // A browser opening GraphiQL asks for HTML; that page needs no database.
      if (request.method === 'GET' && request.headers.get('accept')?.includes('text/html')) return;
      if (await enter()) admitted.add(request);
      else endResponse(errorResponse('OVERLOADED'));
    },
    onResponse({ request }) {
      if (!admitted.has(request)) return;
      admitted.delete(request);
      release();
    },
  };
}
