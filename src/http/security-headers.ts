import type { Plugin } from 'graphql-yoga';

/**
 * Security headers on every response: no MIME sniffing, a referrer policy, and a Content
 * Security Policy by kind of response — for pages (the explorer, GraphiQL) their own scripts
 * and stylesheets only, no inline script, no eval; nothing loadable for data. Embedding in
 * frames only from OSSIGRAPH_FRAME_ANCESTORS.
 */
export interface SecurityOptions {
  /** CSP frame-ancestors sources: "'self'" (the default), "'none'", or origins. */
  frameAncestors: string;
}

const COMMON = "base-uri 'none'; object-src 'none'; form-action 'self'";

export function contentSecurityPolicy(type: string, frameAncestors: string): string {
  const frames = `frame-ancestors ${frameAncestors}`;
  if (!type.startsWith('text/html')) return `default-src 'none'; ${frames}`;
  // The explorer and GraphiQL alike: their own script and stylesheet, inline styles (both set
  // element styles), fonts and images inlined as data: URLs.
  return `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; ${COMMON}; ${frames}`;
}

export function useSecurityHeaders(options: SecurityOptions): Plugin {
  return {
    onResponse({ response }) {
      const headers = response.headers;
      headers.set('x-content-type-options', 'nosniff');
      headers.set('referrer-policy', 'strict-origin-when-cross-origin');
      headers.set('content-security-policy', contentSecurityPolicy(headers.get('content-type') ?? '', options.frameAncestors));
      if (options.frameAncestors === "'self'") headers.set('x-frame-options', 'SAMEORIGIN');
      else if (options.frameAncestors === "'none'") headers.set('x-frame-options', 'DENY');
    },
  };
}
