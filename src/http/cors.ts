import type { CORSOptions } from 'graphql-yoga';

/**
 * Cross-origin reads for browsers on other sites. With OSSIGRAPH_CORS_ORIGINS unset any
 * origin may read, without credentials (the API has no cookies; writes carry their key in
 * Authorization). With a list, only those origins, with credentials, and `Vary: Origin`.
 * Never "*" together with credentials.
 */
export function corsPolicy(origins: readonly string[]): (request: Request) => CORSOptions {
  const allowed = new Set(origins);
  const shared = { methods: ['GET', 'POST', 'OPTIONS'], allowedHeaders: ['content-type', 'authorization', 'x-request-id'], exposedHeaders: ['x-request-id', 'retry-after'], maxAge: 600 };
  return (request) => {
    if (allowed.size === 0) return { ...shared, origin: '*', credentials: false };
    const origin = request.headers.get('origin');
    // false, not an empty list: the CORS plugin reads an empty list of origins as "any origin".
    return origin && allowed.has(origin) ? { ...shared, origin: [origin], credentials: true } : false;
  };
}
