import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { fetcherFor } from './fetcher.js';

/**
 * GraphiQL at /graphql, built by us (scripts/build-web.mjs) from the graphiql package: its
 * CodeMirror editors, no CDN, a fraction of the size of a bundle with Monaco, and no inline
 * script, so the page lives with a strict Content Security Policy. The server puts the
 * endpoint and the example tabs in the page as JSON (#graphiql-config).
 */
interface Config {
  endpoint: string;
  defaultQuery: string;
  defaultTabs: { query: string }[];
}

const config = JSON.parse(document.getElementById('graphiql-config')?.textContent ?? '{}') as Config;

createRoot(document.getElementById('graphiql')!).render(
  createElement(GraphiQL, {
    fetcher: fetcherFor(config.endpoint) as never,
    defaultQuery: config.defaultQuery,
    defaultTabs: config.defaultTabs,
    defaultEditorToolsVisibility: 'variables',
  }),
);

/*
 * GraphiQL's tabs can be dragged to reorder them (framer-motion): a press on a tab moves it
 * under the pointer, so Chromium aims the click at the tab list rather than the tab's button
 * and the tab never switches. This finishes such a click on the button it started on.
 */
let pressed: { button: HTMLElement; x: number; y: number } | null = null;
document.addEventListener(
  'pointerdown',
  (event) => {
    const button = (event.target as Element).closest?.('.graphiql-tab-button') as HTMLElement | null;
    pressed = button ? { button, x: event.clientX, y: event.clientY } : null;
  },
  true,
);
document.addEventListener(
  'click',
  (event) => {
    const start = pressed;
    pressed = null;
    const target = event.target as Element;
    if (!start || !target.closest?.('.graphiql-tabs') || target.closest('button')) return;
    if (Math.hypot(event.clientX - start.x, event.clientY - start.y) > 5) return; // a drag
    start.button.click();
  },
  true,
);
