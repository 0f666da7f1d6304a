import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PROJECT_ROOT } from '../config.js';
import { CachedAsset, IMMUTABLE } from '../http/caching.js';

/**
 * The pages `npm run build` writes into dist/web (the explorer, GraphiQL), as the server
 * serves them: read once, scripts and stylesheets under fingerprinted names.
 */

const WEB_DIR = path.join(PROJECT_ROOT, 'dist', 'web');

/** A path's asset and how long clients may keep it. */
export interface Route {
  asset: CachedAsset;
  cacheControl: string;
}

/** A file of dist/web, or null before `npm run build`. */
export const readBuilt = (file: string) => readFile(path.join(WEB_DIR, file)).catch(() => null);

/** A script or stylesheet under its fingerprinted name, `<base>.<hash>.<ext>`: immutable, as a new build has new names. */
export function fingerprinted(base: string, ext: string, asset: CachedAsset): [path: string, route: Route] {
  return [`${base}.${asset.hash}.${ext}`, { asset, cacheControl: IMMUTABLE }];
}

/**
 * What `load` makes of the built files, made on the first request that needs it. Until the
 * files are built, every request tries again and is answered 503, saying so.
 */
export function loadBuilt<T extends object>(what: string, load: () => Promise<T | null>): () => Promise<T | Response> {
  let loading: Promise<T | null> | null = null;
  return async () => {
    loading ??= load();
    const loaded = await loading;
    if (loaded) return loaded;
    loading = null;
    return new Response(`${what} is not built: run "npm run build".`, { status: 503, headers: { 'content-type': 'text/plain' } });
  };
}
