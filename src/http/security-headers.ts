import type { Plugin } from 'graphql-yoga';

/**
 * Security headers on every response: no MIME sniffing, a referrer policy, and a Content
 * Security Policy by kind of response — strict for the explorer (its own script and
 * stylesheet only), looser for GraphiQL (its bundle is inline and runs its editors in blob:
 * workers), nothing loadable for data. Embedding in frames only from OSSIGRAPH_FRAME_ANCESTORS.
 */
export interface SecurityOptions {
  /** CSP frame-ancestors sources: "'self'" (the default), "'none'", or origins. */
  frameAncestors: string;
}

const COMMON = "base-uri 'none'; object-src 'none'; form-action 'self'";

export function contentSecurityPolicy(pathname: string, type: string, frameAncestors: string): string {
  const frames = `frame-ancestors ${frameAncestors}`;
  if (!type.startsWith('text/html')) return `default-src 'none'; ${frames}`;
  if (pathname === '/graphql') {
    return `default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval' blob:; worker-src 'self' blob:; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; ${COMMON}; ${frames}`;
  }
  return `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; ${COMMON}; ${frames}`;
}

export function useSecurityHeaders(options: SecurityOptions): Plugin {
  return {
    onResponse({ request, response }) {
      const headers = response.headers;
      headers.set('x-content-type-options', 'nosniff');
      headers.set('referrer-policy', 'strict-origin-when-cross-origin');
      headers.set('content-security-policy', contentSecurityPolicy(new URL(request.url).pathname, headers.get('content-type') ?? '', options.frameAncestors));
      if (options.frameAncestors === "'self'") headers.set('x-frame-options', 'SAMEORIGIN');
      else if (options.frameAncestors === "'none'") headers.set('x-frame-options', 'DENY');
    },
  };
}
