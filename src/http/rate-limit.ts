import type { Plugin } from 'graphql-yoga';
import type { IncomingMessage } from 'node:http';
import { errorResponse } from '../errors.js';

export interface RateLimitOptions {
  /** Sustained GraphQL requests per second each client may send. */
  perSecond: number;
  /** How many it may send at once after a quiet spell. */
  burst: number;
}

/** Clients remembered at once; the longest-idle are forgotten first (a forgotten client starts full). */
const MAX_CLIENTS = 10_000;

/**
 * An optional per-client rate limit (off unless OSSIGRAPH_RATE_LIMIT is set): a token bucket
 * per client, refilled at `perSecond` up to `burst`. A client is its API key when it sends
 * one (`authorization: Bearer …`), else its address. A request without a token is refused
 * at once with RATE_LIMITED (429) and a Retry-After telling when the next one is due, before
 * its body is read or it takes a place in the admission queue.
 */
export function useRateLimit(options: RateLimitOptions, graphqlPath = '/graphql', now: () => number = Date.now): Plugin {
  const buckets = new Map<string, { tokens: number; at: number }>();

  const take = (client: string): number => {
    const time = now();
    const known = buckets.get(client);
    const tokens = known ? Math.min(options.burst, known.tokens + ((time - known.at) / 1000) * options.perSecond) : options.burst;
    // Re-inserting keeps the map in order of last use, so the first entry is the longest idle.
    buckets.delete(client);
    if (buckets.size >= MAX_CLIENTS) buckets.delete(buckets.keys().next().value!);
    if (tokens >= 1) {
      buckets.set(client, { tokens: tokens - 1, at: time });
      return 0;
    }
    buckets.set(client, { tokens, at: time });
    return Math.ceil((1 - tokens) / options.perSecond);
  };

  return {
    onRequest({ request, url, serverContext, endResponse }) {
      if (url.pathname !== graphqlPath) return;
      const key = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
      // On node:http the server context carries the IncomingMessage, and with it the peer's address.
      const address = (serverContext as { req?: IncomingMessage } | undefined)?.req?.socket?.remoteAddress;
      const client = key ? `key:${key}` : `address:${address ?? 'unknown'}`;
      const waitSeconds = take(client);
      if (waitSeconds > 0) endResponse(errorResponse('RATE_LIMITED', undefined, waitSeconds));
    },
  };
}
