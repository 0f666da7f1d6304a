import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Plugin } from 'graphql-yoga';
import { PROJECT_ROOT } from '../config.js';

const WEB_DIR = path.join(PROJECT_ROOT, 'dist', 'web');

const FILES: Record<string, { file: string; type: string }> = {
  '/explore': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/explore/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/explore/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/explore/app.js.map': { file: 'app.js.map', type: 'application/json' },
  '/explore/app.css': { file: 'app.css', type: 'text/css; charset=utf-8' },
};

/**
 * Serves the explorer page (built into dist/web by `npm run build`) beside the GraphQL
 * endpoint, and sends `/` to it. Files are read once and kept in memory.
 */
export function useExplorer(): Plugin {
  const cache = new Map<string, Promise<Buffer | null>>();
  const load = (file: string) => {
    let entry = cache.get(file);
    if (!entry) {
      entry = readFile(path.join(WEB_DIR, file)).catch(() => null);
      cache.set(file, entry);
    }
    return entry;
  };
  return {
    async onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname === '/') {
        endResponse(new fetchAPI.Response(null, { status: 302, headers: { location: '/explore' } }));
        return;
      }
      if (url.pathname === '/favicon.ico') {
        endResponse(new fetchAPI.Response(null, { status: 204 }));
        return;
      }
      const entry = FILES[url.pathname];
      if (!entry) return;
      const body = await load(entry.file);
      endResponse(
        body
          ? new fetchAPI.Response(new Uint8Array(body), { status: 200, headers: { 'content-type': entry.type, 'cache-control': 'no-cache' } })
          : new fetchAPI.Response('The explorer is not built: run "npm run build".', { status: 503, headers: { 'content-type': 'text/plain' } }),
      );
    },
  };
}
