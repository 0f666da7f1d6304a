import type { Plugin } from 'graphql-yoga';
import { CachedAsset, REVALIDATE, withoutSourceMap } from '../http/caching.js';
import { getOnly } from '../http/error-bodies.js';
import { fingerprinted, loadBuilt, readBuilt, type Route } from './built.js';

interface Site {
  /** Path → asset and its caching. */
  routes: Map<string, Route>;
}

/**
 * The explorer's files (built into dist/web by `npm run build`), read once: the script and
 * stylesheet under fingerprinted names (immutable: a new build has new names), the page
 * pointing at them (revalidated with its ETag), each compressed once. The source map is
 * served only when asked for (OSSIGRAPH_SOURCE_MAPS), and the script then says where it is.
 */
async function loadSite(sourceMaps: boolean): Promise<Site | null> {
  const [html, embedHtml, js, css, map] = await Promise.all(['index.html', 'embed.html', 'app.js', 'app.css', 'app.js.map'].map(readBuilt));
  if (!html || !embedHtml || !js || !css) return null;
  const scriptAsset = new CachedAsset(sourceMaps ? js : withoutSourceMap(js), 'text/javascript; charset=utf-8');
  const styleAsset = new CachedAsset(css, 'text/css; charset=utf-8');
  const [scriptPath, script] = fingerprinted('/explore/app', 'js', scriptAsset);
  const [stylePath, style] = fingerprinted('/explore/app', 'css', styleAsset);
  const pageOf = (source: Buffer) =>
    new CachedAsset(Buffer.from(source.toString('utf8').replace('/explore/app.js', scriptPath).replace('/explore/app.css', stylePath)), 'text/html; charset=utf-8');
  const page = pageOf(html);
  const routes = new Map<string, Route>([
    ['/explore', { asset: page, cacheControl: REVALIDATE }],
    ['/explore/', { asset: page, cacheControl: REVALIDATE }],
    // A minimal view made for an iframe; who may frame it is OSSIGRAPH_FRAME_ANCESTORS's say.
    ['/embed', { asset: pageOf(embedHtml), cacheControl: REVALIDATE }],
    [scriptPath, script],
    [stylePath, style],
    // The plain names keep working for links made before fingerprints; they revalidate.
    ['/explore/app.js', { asset: scriptAsset, cacheControl: REVALIDATE }],
    ['/explore/app.css', { asset: styleAsset, cacheControl: REVALIDATE }],
  ]);
  if (sourceMaps && map) routes.set('/explore/app.js.map', { asset: new CachedAsset(map, 'application/json'), cacheControl: REVALIDATE });
  return { routes };
}

/** Serves the explorer (and its embeddable view at /embed) beside the GraphQL endpoint, and sends `/` to it. */
export function useExplorer(options: { sourceMaps?: boolean } = {}): Plugin {
  const site = loadBuilt('The explorer', () => loadSite(options.sourceMaps ?? false));
  return {
    async onRequest({ url, request, endResponse, fetchAPI }) {
      if (url.pathname === '/') {
        endResponse(new fetchAPI.Response(null, { status: 302, headers: { location: '/explore' } }));
        return;
      }
      if (url.pathname === '/favicon.ico') {
        endResponse(new fetchAPI.Response(null, { status: 204 }));
        return;
      }
      if (url.pathname !== '/explore' && url.pathname !== '/embed' && !url.pathname.startsWith('/explore/')) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        endResponse(getOnly(url.pathname));
        return;
      }
      const loaded = await site();
      if (loaded instanceof Response) {
        endResponse(loaded);
        return;
      }
      const route = loaded.routes.get(url.pathname);
      if (route) endResponse(await route.asset.respond(request, route.cacheControl));
    },
  };
}
