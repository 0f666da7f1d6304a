import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Plugin } from 'graphql-yoga';
import { PROJECT_ROOT } from '../config.js';
import { CachedAsset, IMMUTABLE, REVALIDATE, withoutSourceMap } from '../http/caching.js';
import { getOnly } from '../http/error-bodies.js';

const WEB_DIR = path.join(PROJECT_ROOT, 'dist', 'web');

interface Site {
  /** Path → asset and its caching. */
  routes: Map<string, { asset: CachedAsset; cacheControl: string }>;
}

/**
 * The explorer's files (built into dist/web by `npm run build`), read once: the script and
 * stylesheet under fingerprinted names (immutable: a new build has new names), the page
 * pointing at them (revalidated with its ETag), each compressed once. The source map is
 * served only when asked for (OSSIGRAPH_SOURCE_MAPS), and the script then says where it is.
 */
async function loadSite(sourceMaps: boolean): Promise<Site | null> {
  const read = (file: string) => readFile(path.join(WEB_DIR, file)).catch(() => null);
  const [html, embedHtml, js, css, map] = await Promise.all([read('index.html'), read('embed.html'), read('app.js'), read('app.css'), read('app.js.map')]);
  if (!html || !embedHtml || !js || !css) return null;
  const script = sourceMaps ? js : withoutSourceMap(js);
  const scriptAsset = new CachedAsset(script, 'text/javascript; charset=utf-8');
  const styleAsset = new CachedAsset(css, 'text/css; charset=utf-8');
  const scriptPath = `/explore/app.${scriptAsset.hash}.js`;
  const stylePath = `/explore/app.${styleAsset.hash}.css`;
  const pageOf = (source: Buffer) =>
    new CachedAsset(Buffer.from(source.toString('utf8').replace('/explore/app.js', scriptPath).replace('/explore/app.css', stylePath)), 'text/html; charset=utf-8');
  const page = pageOf(html);
  const routes = new Map<string, { asset: CachedAsset; cacheControl: string }>([
    ['/explore', { asset: page, cacheControl: REVALIDATE }],
    ['/explore/', { asset: page, cacheControl: REVALIDATE }],
    // A minimal view made for an iframe; who may frame it is OSSIGRAPH_FRAME_ANCESTORS's say.
    ['/embed', { asset: pageOf(embedHtml), cacheControl: REVALIDATE }],
    [scriptPath, { asset: scriptAsset, cacheControl: IMMUTABLE }],
    [stylePath, { asset: styleAsset, cacheControl: IMMUTABLE }],
    // The plain names keep working for links made before fingerprints; they revalidate.
    ['/explore/app.js', { asset: scriptAsset, cacheControl: REVALIDATE }],
    ['/explore/app.css', { asset: styleAsset, cacheControl: REVALIDATE }],
  ]);
  if (sourceMaps && map) routes.set('/explore/app.js.map', { asset: new CachedAsset(map, 'application/json'), cacheControl: REVALIDATE });
  return { routes };
}

/** Serves the explorer (and its embeddable view at /embed) beside the GraphQL endpoint, and sends `/` to it. */
export function useExplorer(options: { sourceMaps?: boolean } = {}): Plugin {
  let site: Promise<Site | null> | null = null;
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
      site ??= loadSite(options.sourceMaps ?? false);
      const loaded = await site;
      if (!loaded) {
        site = null; // built later: try again next time
        endResponse(new fetchAPI.Response('The explorer is not built: run "npm run build".', { status: 503, headers: { 'content-type': 'text/plain' } }));
        return;
      }
      const route = loaded.routes.get(url.pathname);
      if (route) endResponse(await route.asset.respond(request, route.cacheControl));
    },
  };
}
