import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { Plugin } from 'graphql-yoga';
import { CachedAsset, REVALIDATE } from './caching.js';

/**
 * GraphiQL at GET /graphql for browsers, rendered once (its assets are inlined by
 * @graphql-yoga/render-graphiql: no CDN, works offline), sent compressed with an ETag: the
 * second visit costs a 304. Yoga's own GraphiQL is off, so this is the one place it is served.
 */
/**
 * GraphiQL's tabs can be dragged to reorder them (framer-motion): a press on a tab moves it
 * under the pointer, so Chromium aims the click at the tab list rather than the tab's button
 * and the tab never switches. This finishes such a click on the button it started on.
 */
const TAB_CLICK_FIX = `<script>
(() => {
  let pressed = null;
  document.addEventListener('pointerdown', (event) => {
    const button = event.target.closest && event.target.closest('.graphiql-tab-button');
    pressed = button ? { button, x: event.clientX, y: event.clientY } : null;
  }, true);
  document.addEventListener('click', (event) => {
    const start = pressed;
    pressed = null;
    const target = event.target.closest ? event.target : null;
    if (!start || !target || !target.closest('.graphiql-tabs') || target.closest('button')) return;
    if (Math.hypot(event.clientX - start.x, event.clientY - start.y) > 5) return; // a drag
    start.button.click();
  }, true);
})();
</script>`;

/** The GraphiQL page: yoga's rendering, with {@link TAB_CLICK_FIX}. */
function graphiqlPage(options: Parameters<typeof renderGraphiQL>[0]): string {
  return renderGraphiQL(options).replace(/<\/body>(?![\s\S]*<\/body>)/, `${TAB_CLICK_FIX}</body>`);
}

export function useGraphiQL(options: { title: string; defaultQuery: string; defaultTabs: { query: string }[] }, endpoint = '/graphql'): Plugin {
  let page: CachedAsset | null = null;
  return {
    async onRequest({ url, request, endResponse }) {
      if (url.pathname !== endpoint || (request.method !== 'GET' && request.method !== 'HEAD')) return;
      if (!request.headers.get('accept')?.includes('text/html')) return;
      page ??= new CachedAsset(Buffer.from(graphiqlPage({ ...options, endpoint })), 'text/html; charset=utf-8');
      endResponse(await page.respond(request, REVALIDATE));
    },
  };
}
