import { RELATION_TYPE_NAMES, RELATION_TYPES } from '../../graph/vocabulary.js';
import { isAbort, onActivity, readNeeds } from './api.js';
import { Canvas, KINDS } from './canvas.js';
import { combobox, type Combobox } from './combobox.js';
import { edgeId, plan, Store, type Drawing, type Pinned } from './drawing.js';
import {
  readConnections,
  renderComparison,
  renderConnections,
  renderDetails,
  renderHierarchy,
  renderList,
  unfoldBranch,
  type Connections,
} from './panels.js';
import { escapeHtml, words } from '../text.js';
import * as views from './view.js';
import { queryOfView, viewFromQuery, type Panel, type View } from './view.js';

/**
 * The graph explorer: a page over ossigraph's public GraphQL API. What it shows is one View
 * (view.ts), held in the URL; every change is a new View and a history entry, drawn by
 * `show`. Undo and redo walk that history, so they agree with Back and Forward.
 */

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const RELATION_TYPE_LIST: readonly string[] = RELATION_TYPE_NAMES;
const embedded = document.body.dataset.mode === 'embed';

// --- loading and error states -------------------------------------------------------------

const busy = $('busy');
onActivity((running) => {
  busy.hidden = running === 0;
  $('stage').setAttribute('aria-busy', String(running > 0));
});

let retry: (() => void) | null = null;
function showError(error: unknown, again: () => void): void {
  if (isAbort(error)) return;
  $('error-text').textContent = error instanceof Error ? error.message : String(error);
  $('error').hidden = false;
  retry = again;
}
function clearError(): void {
  $('error').hidden = true;
  retry = null;
}
$('retry').addEventListener('click', () => {
  const again = retry;
  clearError();
  again?.();
});
$('dismiss')?.addEventListener('click', clearError);

/** Says what is drawn (the explorer's status line; the embedded view has none). */
function status(text: string): void {
  const line = document.getElementById('status');
  if (line) line.textContent = text;
}

/** The embedded view's caption: the concept drawn, and a link to it in the full explorer. */
function caption(view: View): void {
  $('embed-title').textContent = (view.concept && storeFor(view.types).concept(view.concept)?.name) || '';
  $('embed-open').setAttribute('href', `/explore${queryOfView({ ...views.EMPTY_VIEW, concept: view.concept, depth: view.depth, types: view.types })}`);
}

// --- the drawing --------------------------------------------------------------------------

const stores = new Map<string, Store>();
const storeFor = (types: string[] | null) => {
  const key = types?.join(',') ?? '*';
  let store = stores.get(key);
  if (!store) stores.set(key, (store = new Store()));
  return store;
};

let current: View = views.EMPTY_VIEW;
let drawing: Drawing = { nodes: [], edges: [], truncated: false, hiddenCount: 0 };
let connections: { key: string; result: Connections } | null = null;
let running: AbortController | null = null;

const canvas = new Canvas($('graph'), {
  select: (id) => go(embedded ? views.recentre(current, id) : { ...current, selected: id, panel: current.panel === 'hierarchy' ? 'hierarchy' : 'details' }),
  more: (key) => go(views.openMore(current, key)),
  toggle: (id) => go(drawing.nodes.find((node) => node.id === id)?.expanded ? views.collapse(current, id) : views.expand(current, id)),
});

/** For the browser tests and for curious users in the console. */
Object.assign(window, { __cy: canvas.cy, __explorer: { canvas, view: () => current, drawing: () => drawing } });

async function pinnedPath(view: View, signal: AbortSignal): Promise<Pinned | null> {
  if (!view.from || !view.to) {
    connections = null;
    return null;
  }
  const key = JSON.stringify([view.from, view.to, view.types]);
  if (connections?.key !== key) connections = { key, result: await readConnections(view.from, view.to, view.types, signal) };
  const path = connections.result.paths[view.path] ?? connections.result.paths[0];
  if (!path) return null;
  return { concepts: path.concepts, relations: path.relations.map((r) => ({ type: r.type, from: r.from.slug, to: r.to.slug })) };
}

/** Reads what the view needs and draws it: rounds of reading, since each ring reveals the next. */
async function drawView(view: View, signal: AbortSignal): Promise<void> {
  const store = storeFor(view.types);
  const pinned = await pinnedPath(view, signal);
  for (const concept of pinned?.concepts ?? []) store.concepts.set(concept.slug, concept);
  for (let round = 0; ; round++) {
    if (signal.aborted) return; // a newer view took over
    const planned = plan(view, store, pinned);
    if (planned.needs.length === 0 || round === 8) {
      drawing = planned.drawing;
      break;
    }
    if (round > 0) await canvas.draw(planned.drawing, view.concept, view.selected); // show each ring as it arrives
    await readNeeds(planned.needs, store, view.types, signal);
  }
  if (signal.aborted) return;
  const stats = await canvas.draw(drawing, view.concept, view.selected);
  const path = pinned ? { nodes: pinned.concepts.map((c) => c.slug), edges: pinned.relations.map((r) => edgeId(r.from, r.type, r.to)) } : { nodes: [], edges: [] };
  canvas.highlight(path.nodes, path.edges);
  $('empty').hidden = drawing.nodes.length > 0;
  const concepts = drawing.nodes.filter((node) => !node.more).length;
  const grouped = drawing.nodes.filter((node) => node.more).reduce((sum, node) => sum + node.more!.remaining, 0);
  status(
    `${concepts.toLocaleString('en')} concepts, ${drawing.edges.filter((e) => !e.id.endsWith('|more')).length.toLocaleString('en')} relations` +
      (grouped ? `, ${grouped.toLocaleString('en')} more in groups` : '') +
      (drawing.hiddenCount ? `, ${drawing.hiddenCount} hidden` : '') +
      (drawing.truncated ? ' (limited to what can be drawn legibly)' : '') +
      ` · drawn in ${stats.ms} ms`,
  );
}

// --- the panel ----------------------------------------------------------------------------

/** Shows one panel (each section's id is its panel's name) and selects its tab. */
function showPanel(panel: Panel): void {
  for (const name of views.PANELS) {
    $(name).hidden = name !== panel;
    $(`tab-${name}`).setAttribute('aria-selected', String(name === panel));
    $(`tab-${name}`).tabIndex = name === panel ? 0 : -1;
  }
  $('sheet-title').textContent = panel[0]!.toUpperCase() + panel.slice(1);
}

/** The panel for `view`; what it shows of the drawing waits for `drawn`, what it reads does not. */
async function drawPanel(view: View, previous: View, signal: AbortSignal, drawn: Promise<void>): Promise<void> {
  showPanel(view.panel);
  const subject = view.selected ?? view.concept;
  const work: Promise<unknown>[] = [];
  if (view.panel === 'details' && subject) {
    const state = drawn.then(() => ({ focus: subject === view.concept, expanded: drawing.nodes.find((node) => node.id === subject)?.expanded ?? false }));
    work.push(renderDetails($('details'), subject, state, signal));
  }
  if (view.panel === 'hierarchy' && subject && (previous.panel !== 'hierarchy' || previous.selected !== view.selected || previous.concept !== view.concept || !$('hierarchy-title'))) {
    work.push(renderHierarchy($('hierarchy'), subject, signal));
  }
  if (view.panel === 'paths') {
    if (view.from && !pathFrom.input.value) pathFrom.set(view.from);
    if (view.to && !pathTo.input.value) pathTo.set(view.to);
    work.push(
      drawn.then(() => {
        if (connections && view.from && view.to) renderConnections($('path-output'), connections.result, view.path);
        else $('path-output').innerHTML = '';
      }),
    );
  }
  if (view.panel === 'compare') {
    if (view.a && !compareA.input.value) compareA.set(view.a);
    if (view.b && !compareB.input.value) compareB.set(view.b);
  }
  if (view.list) work.push(drawn.then(() => renderList($('list-view'), drawing, view.concept, view.selected)));
  await Promise.all(work);
}

async function drawDialog(view: View, signal: AbortSignal): Promise<void> {
  const dialog = $<HTMLDialogElement>('comparison');
  if (!view.a || !view.b) {
    if (dialog.open) dialog.close();
    return;
  }
  await renderComparison($('comparison-body'), view.a, view.b, signal);
  if (!dialog.open) dialog.showModal();
}

// --- showing a view, and the history of views ---------------------------------------------

/** Draws `view`: the canvas, the panel and the comparison dialog, cancelling any earlier draw. */
async function show(view: View): Promise<void> {
  const previous = current;
  current = view;
  running?.abort();
  const controller = (running = new AbortController());
  clearError();
  syncControls(view);
  // What the page is doing, for scripts that drive it (the browser tests, bench:explorer).
  document.body.dataset.state = 'loading';
  try {
    // The canvas, the panel and the dialog read at once; the panel waits for the drawing only
    // where it shows something of it.
    const drawn = drawView(view, controller.signal);
    if (embedded) await drawn.then(() => caption(view));
    else await Promise.all([drawn, drawPanel(view, previous, controller.signal, drawn), drawDialog(view, controller.signal)]);
    if (!controller.signal.aborted) document.body.dataset.state = 'ready';
  } catch (error) {
    if (!controller.signal.aborted) {
      document.body.dataset.state = 'error';
      showError(error, () => void show(current));
    }
  }
}

/** Where this page's entries sit in the tab's history: undo goes back, redo forward, within them. */
const history = window.history;
let position = typeof history.state?.position === 'number' ? (history.state.position as number) : 0;
let newest = Math.max(position, Number(sessionStorage.getItem('ossigraph.newest') ?? 0));
const remember = () => {
  sessionStorage.setItem('ossigraph.newest', String(newest));
  ($('undo') as HTMLButtonElement | null)?.toggleAttribute('disabled', position === 0);
  ($('redo') as HTMLButtonElement | null)?.toggleAttribute('disabled', position >= newest);
};

/** Makes `view` the current one, with a history entry (an iframe never adds one: it would take over its page's Back). */
function go(view: View): void {
  if (views.sameView(view, current)) return;
  const url = `${window.location.pathname}${queryOfView(view)}`;
  if (embedded) history.replaceState({ position }, '', url);
  else {
    position += 1;
    newest = position;
    history.pushState({ position }, '', url);
    remember();
  }
  void show(view);
}

window.addEventListener('popstate', (event) => {
  position = typeof event.state?.position === 'number' ? event.state.position : 0;
  remember();
  void show(viewFromQuery(window.location.search, RELATION_TYPE_LIST));
});

const undo = () => position > 0 && history.back();
const redo = () => position < newest && history.forward();

// --- controls -----------------------------------------------------------------------------

const depthSelect = $<HTMLSelectElement>('depth');
function syncControls(view: View): void {
  if (embedded) return;
  depthSelect.value = String(view.depth);
  for (const box of document.querySelectorAll<HTMLInputElement>('#types input[type=checkbox]')) box.checked = !view.types || view.types.includes(box.value);
  $('types-count').textContent = view.types ? `(${view.types.length} of ${RELATION_TYPE_LIST.length})` : '(all)';
  const list = $('list-toggle');
  list.setAttribute('aria-pressed', String(view.list));
  $('list-view').hidden = !view.list;
  $('graph').hidden = view.list;
}

// Inputs that take a concept; made by wireControls (the embedded view has none).
let pathFrom!: Combobox;
let pathTo!: Combobox;
let compareA!: Combobox;
let compareB!: Combobox;

function wireControls(): void {
  const search = combobox($<HTMLInputElement>('search'), (concept) => {
    search.set('');
    go(views.recentre(current, concept.slug));
  });
  pathFrom = combobox($<HTMLInputElement>('path-from'), () => undefined);
  pathTo = combobox($<HTMLInputElement>('path-to'), () => undefined);
  compareA = combobox($<HTMLInputElement>('compare-a'), () => undefined);
  compareB = combobox($<HTMLInputElement>('compare-b'), () => undefined);
  depthSelect.addEventListener('change', () => go({ ...current, depth: Number(depthSelect.value) }));

  $('types').insertAdjacentHTML(
    'beforeend',
    `<div class="type-actions"><button type="button" data-types="all">All</button> <button type="button" data-types="none">None</button></div>` +
      RELATION_TYPE_LIST.map((type) => `<label title="${escapeHtml(RELATION_TYPES[type as keyof typeof RELATION_TYPES].description)}"><input type="checkbox" value="${type}" checked> ${words(type)}</label>`).join(''),
  );
  $('types').addEventListener('change', () => {
    const checked = [...document.querySelectorAll<HTMLInputElement>('#types input:checked')].map((box) => box.value);
    if (checked.length === 0) {
      // No type at all would draw nothing: say so rather than silently drawing every type.
      status('Choose at least one relation type: with none, nothing would be drawn.');
      syncControls(current);
      return;
    }
    go({ ...current, types: checked.length === RELATION_TYPE_LIST.length ? null : checked, more: {} });
  });
  $('types').addEventListener('click', (event) => {
    const choice = (event.target as HTMLElement).closest('button[data-types]') as HTMLElement | null;
    if (!choice) return;
    if (choice.dataset.types === 'all') go({ ...current, types: null, more: {} });
    else {
      for (const box of document.querySelectorAll<HTMLInputElement>('#types input')) box.checked = false;
      status('Tick the relation types to follow.');
    }
  });

  $('legend').innerHTML = Object.entries(KINDS)
    .map(([kind, style]) => `<span><span class="swatch" style="background:${style.color}" aria-hidden="true"></span>${words(kind)}</span>`)
    .join('');

  $('list-toggle').addEventListener('click', () => go({ ...current, list: !current.list }));
  $('undo').addEventListener('click', undo);
  $('redo').addEventListener('click', redo);
  document.addEventListener('keydown', (event) => {
    const typing = (event.target as HTMLElement).closest('input, textarea, select');
    if (typing || !(event.ctrlKey || event.metaKey)) return;
    const key = event.key.toLowerCase();
    if (key === 'z' && !event.shiftKey) undo();
    else if ((key === 'z' && event.shiftKey) || key === 'y') redo();
    else return;
    event.preventDefault();
  });

  document.querySelector('.tabs')!.addEventListener('click', (event) => {
    const tab = (event.target as HTMLElement).closest('[data-panel]') as HTMLElement | null;
    if (tab) go({ ...current, panel: tab.dataset.panel as Panel });
  });
  document.querySelector('.tabs')!.addEventListener('keydown', (event) => {
    const key = (event as KeyboardEvent).key;
    if (key !== 'ArrowRight' && key !== 'ArrowLeft') return;
    const index = views.PANELS.indexOf(current.panel) + (key === 'ArrowRight' ? 1 : -1);
    const panel = views.PANELS[(index + views.PANELS.length) % views.PANELS.length]!;
    go({ ...current, panel });
    $(`tab-${panel}`).focus();
  });

  // Buttons in the panel, the list view and the dialog say what they do in data attributes.
  const act = (event: Event) => {
    const target = (event.target as HTMLElement).closest('button') as HTMLElement | null;
    if (!target) return;
    const data = target.dataset;
    const subject = current.selected ?? current.concept;
    if (data.select) go({ ...current, selected: data.select, panel: current.panel === 'hierarchy' ? 'hierarchy' : 'details' });
    else if (data.recentre) go({ ...views.recentre(current, data.recentre), a: null, b: null, comparison: null, panel: 'details' });
    else if (data.more) go(views.openMore(current, data.more));
    else if (data.compare) {
      const [a, b] = data.compare.split(',');
      if (a && b) go({ ...current, a, b, panel: 'compare' });
    } else if (data.path !== undefined) go({ ...current, path: Number(data.path) });
    else if (data.children !== undefined || data.pageAfter !== undefined) void unfoldBranch(target).catch((error) => showError(error, () => void unfoldBranch(target)));
    else if (data.action && subject) {
      const actions: Record<string, () => View> = {
        recentre: () => views.recentre(current, subject),
        expand: () => views.expand(current, subject),
        collapse: () => views.collapse(current, subject),
        hide: () => views.hide(current, subject),
        hierarchy: () => ({ ...current, panel: 'hierarchy' }),
        paths: () => {
          pathFrom.set(subject);
          pathTo.set('');
          return { ...current, panel: 'paths' };
        },
        compare: () => {
          compareA.set(subject);
          compareB.set('');
          return { ...current, panel: 'compare' };
        },
      };
      const next = actions[data.action]?.();
      if (next) go(next);
      if (data.action === 'paths') pathTo.input.focus();
      if (data.action === 'compare') compareB.input.focus();
    }
  };
  $('panel').addEventListener('click', act);
  $('list-view').addEventListener('click', act);
  $('comparison').addEventListener('click', act);

  $('path-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const from = pathFrom.value();
    const to = pathTo.value();
    if (from && to) go({ ...current, from, to, path: 0, panel: 'paths', concept: current.concept ?? null });
  });
  $('compare-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const a = compareA.value();
    const b = compareB.value();
    if (a && b) go({ ...current, a, b, comparison: null });
  });
  $<HTMLDialogElement>('comparison').addEventListener('close', () => {
    if (current.a || current.b || current.comparison) go({ ...current, a: null, b: null, comparison: null });
  });

  // The panel is a sheet over the canvas on narrow screens: its handle opens and closes it.
  $('sheet-handle').addEventListener('click', () => {
    const open = $('panel').dataset.sheet !== 'open';
    $('panel').dataset.sheet = open ? 'open' : 'closed';
    $('sheet-handle').setAttribute('aria-expanded', String(open));
  });

  $('export-menu').addEventListener('click', (event) => {
    const format = ((event.target as HTMLElement).closest('button[data-export]') as HTMLElement | null)?.dataset.export;
    if (format) void exportView(format).catch((error) => showError(error, () => void exportView(format)));
  });
}

// --- export ------------------------------------------------------------------------------

function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The concepts drawn (not the "N more" groups), for the server's exports. */
const drawnSlugs = () => drawing.nodes.filter((node) => !node.more).map((node) => node.id);

async function serverExport(format: string, part: string | null): Promise<Blob> {
  const body = new URLSearchParams({ format, slugs: drawnSlugs().join(','), depth: '0' });
  if (part) body.set('part', part);
  const response = await fetch('/export', { method: 'POST', body });
  if (!response.ok) {
    const error = (await response.json().catch(() => null)) as { errors?: { message: string }[] } | null;
    throw new Error(`Export failed: ${error?.errors?.[0]?.message ?? `the server answered ${response.status}`}`);
  }
  return response.blob();
}

async function exportView(format: string): Promise<void> {
  const name = `ossigraph-${current.concept ?? 'view'}`;
  if (drawing.nodes.length === 0) throw new Error('Nothing is drawn to export: find a concept first.');
  ($('export-menu') as HTMLDetailsElement).open = false;
  if (format === 'png') download(canvas.png(), `${name}.png`);
  else if (format === 'svg') download(new Blob([canvas.svg(document.title)], { type: 'image/svg+xml' }), `${name}.svg`);
  else if (format === 'json') {
    const data = {
      view: `${window.location.origin}/explore${queryOfView(current)}`,
      nodes: drawing.nodes.map((node) => (node.more ? { id: node.id, group: node.more } : { id: node.id, name: node.label, kind: node.kind, ring: node.ring })),
      edges: drawing.edges.map((edge) => ({ source: edge.source, type: edge.type, target: edge.target })),
    };
    download(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }), `${name}.json`);
  } else if (format === 'csv' || format === 'kgx') {
    const serverFormat = format === 'csv' ? 'csv' : 'kgx-tsv';
    const extension = format === 'csv' ? 'csv' : 'tsv';
    const [nodes, edges] = await Promise.all([serverExport(serverFormat, 'nodes'), serverExport(serverFormat, 'edges')]);
    download(nodes, `${name}_nodes.${extension}`);
    download(edges, `${name}_edges.${extension}`);
  }
  status(`Exported the view as ${format.toUpperCase()}.`);
}

// --- start --------------------------------------------------------------------------------

/**
 * A link to a curated comparison (?comparison=a-vs-b) opens it as a comparison of its two
 * concepts, and draws them and the best connection between them.
 */
function fromLink(view: View): View {
  if (!view.comparison || (view.a && view.b)) return view;
  const [a, b] = view.comparison.split('-vs-');
  if (!a || !b) return view;
  return { ...view, a, b, comparison: null, concept: view.concept ?? a, from: view.from ?? a, to: view.to ?? b };
}

if (embedded) {
  const view = viewFromQuery(window.location.search, RELATION_TYPE_LIST);
  if (!view.concept) {
    $('empty').hidden = false;
    $('empty').textContent = 'Add ?concept=<slug> to the address to draw a concept.';
  } else void show({ ...views.EMPTY_VIEW, concept: view.concept, depth: view.depth, types: view.types });
} else {
  wireControls();
  const view = fromLink(viewFromQuery(window.location.search, RELATION_TYPE_LIST));
  history.replaceState({ position }, '', `${window.location.pathname}${queryOfView(view)}`);
  remember();
  void show(view);
}
