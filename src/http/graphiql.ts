import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { Plugin } from 'graphql-yoga';
import { CachedAsset, REVALIDATE } from './caching.js';

/**
 * GraphiQL at GET /graphql for browsers, rendered once (its assets are inlined by
 * @graphql-yoga/render-graphiql: no CDN, works offline), sent compressed with an ETag: the
 * second visit costs a 304. Yoga's own GraphiQL is off, so this is the one place it is served.
 */
export function useGraphiQL(options: { title: string; defaultQuery: string; defaultTabs: { query: string }[] }, endpoint = '/graphql'): Plugin {
  let page: CachedAsset | null = null;
  return {
    async onRequest({ url, request, endResponse }) {
      if (url.pathname !== endpoint || (request.method !== 'GET' && request.method !== 'HEAD')) return;
      if (!request.headers.get('accept')?.includes('text/html')) return;
      page ??= new CachedAsset(Buffer.from(renderGraphiQL({ ...options, endpoint })), 'text/html; charset=utf-8');
      endResponse(await page.respond(request, REVALIDATE));
    },
  };
}
