import type { Plugin } from 'graphql-yoga';
import { fingerprinted, loadBuilt, readBuilt, type Route } from '../web/built.js';
import { escapeHtml } from '../web/text.js';
import { CachedAsset, REVALIDATE, withoutSourceMap } from './caching.js';

/**
 * GraphiQL at GET /graphql for browsers. Its code is our build of the graphiql package
 * (src/web/graphiql, built into dist/web by `npm run build`): a small page that revalidates
 * with its ETag, and a script and stylesheet under fingerprinted, immutable names — about
 * 0.7 MB of Brotli on a first visit, a 304 on the next. No inline script, so its CSP is
 * strict. Yoga's own GraphiQL is off, so this is the one place it is served.
 */

interface GraphiQLOptions {
  title: string;
  defaultQuery: string;
  defaultTabs: { query: string }[];
  /** Serve the bundle's source map (OSSIGRAPH_SOURCE_MAPS). */
  sourceMaps?: boolean;
}

/** JSON safe inside a <script> element: no "</script>" or "<!--" can close or open anything. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

async function loadPage(options: GraphiQLOptions, endpoint: string): Promise<{ page: CachedAsset; assets: Map<string, Route> } | null> {
  const [js, css, map] = await Promise.all(['graphiql.js', 'graphiql.css', 'graphiql.js.map'].map(readBuilt));
  if (!js || !css) return null;
  const [scriptPath, script] = fingerprinted('/graphiql/graphiql', 'js', new CachedAsset(options.sourceMaps ? js : withoutSourceMap(js), 'text/javascript; charset=utf-8'));
  const [stylePath, style] = fingerprinted('/graphiql/graphiql', 'css', new CachedAsset(withoutSourceMap(css), 'text/css; charset=utf-8'));
  const assets = new Map<string, Route>([
    [scriptPath, script],
    [stylePath, style],
  ]);
  if (options.sourceMaps && map) assets.set('/graphiql/graphiql.js.map', { asset: new CachedAsset(map, 'application/json'), cacheControl: REVALIDATE });
  const config = { endpoint, defaultQuery: options.defaultQuery, defaultTabs: options.defaultTabs };
  const page = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(options.title)} · GraphiQL</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="${stylePath}">
  <style>html, body, #graphiql { height: 100%; margin: 0; } #graphiql > p { font: 16px system-ui, sans-serif; padding: 24px; }</style>
</head>
<body>
  <div id="graphiql"><p>Loading GraphiQL…</p></div>
  <noscript>GraphiQL needs JavaScript; queries can also be sent to ${escapeHtml(endpoint)} with any HTTP client.</noscript>
  <script type="application/json" id="graphiql-config">${scriptJson(config)}</script>
  <script src="${scriptPath}"></script>
</body>
</html>
`;
  return { page: new CachedAsset(Buffer.from(page), 'text/html; charset=utf-8'), assets };
}

export function useGraphiQL(options: GraphiQLOptions, endpoint = '/graphql'): Plugin {
  const site = loadBuilt('GraphiQL', () => loadPage(options, endpoint));
  return {
    async onRequest({ url, request, endResponse }) {
      const forPage = url.pathname === endpoint && request.headers.get('accept')?.includes('text/html');
      if (!forPage && !url.pathname.startsWith('/graphiql/')) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') return;
      const loaded = await site();
      if (loaded instanceof Response) {
        endResponse(loaded);
        return;
      }
      if (forPage) {
        endResponse(await loaded.page.respond(request, REVALIDATE));
        return;
      }
      const route = loaded.assets.get(url.pathname);
      if (route) endResponse(await route.asset.respond(request, route.cacheControl));
    },
  };
}
