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

export interface Admission {
  /** True once the request may run, false when it must be refused. */
  enter(): boolean | Promise<boolean>;
  /** An admitted request has its answer. */
  release(): void;
  /** Every place taken, running and waiting: a new request would be refused. */
  full(): boolean;
}

/**
 * Admission control: at most `concurrency` GraphQL requests work against the database at a
 * time, `queue` more wait in order, and the rest are refused at once with OVERLOADED (503,
 * Retry-After). A server on two cores stays responsive under a flood: what is admitted
 * finishes at the speed Neo4j allows instead of all requests slowing down together.
 */
export function createAdmission(options: AdmissionOptions): Admission {
  let active = 0;
  const waiting: { admit: () => void; timer: NodeJS.Timeout }[] = [];
  return {
    enter() {
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
    },
    release() {
      const next = waiting.shift();
      if (next) {
        clearTimeout(next.timer);
        next.admit();
      } else {
        active -= 1;
      }
    },
    full: () => active >= options.concurrency && waiting.length >= options.queue,
  };
}

/** Whether a request to the GraphQL endpoint will need the database (GraphiQL's page does not). */
export function needsAdmission(method: string | undefined, accept: string | null | undefined): boolean {
  if (method !== 'POST' && method !== 'GET') return false;
  // A subscription's event stream stays open for as long as the client listens: it holds no
  // database work, so it does not hold one of the places that bound it.
  if (accept?.includes('text/event-stream')) return false;
  return !(method === 'GET' && accept?.includes('text/html'));
}

/**
 * Admission control inside yoga: every GraphQL request takes a place before its body is
 * parsed and gives it back with its response. (The HTTP server refuses before yoga when
 * every place is taken; see front-door.ts.)
 */
export function useAdmissionControl(admission: Admission, graphqlPath = '/graphql'): Plugin {
  const admitted = new WeakSet<Request>();
  return {
    async onRequest({ request, url, endResponse }) {
      if (url.pathname !== graphqlPath || !needsAdmission(request.method, request.headers.get('accept'))) return;
      if (await admission.enter()) admitted.add(request);
      else endResponse(errorResponse('OVERLOADED'));
    },
    onResponse({ request }) {
      if (!admitted.has(request)) return;
      admitted.delete(request);
      admission.release();
    },
  };
}
