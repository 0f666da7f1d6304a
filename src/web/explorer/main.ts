import cytoscape, { type Core, type ElementDefinition } from 'cytoscape';
import { RELATION_TYPE_NAMES, type ConceptKind } from '../../graph/vocabulary.js';

/**
 * The graph explorer: a page over ossigraph's public GraphQL API. Everything it shows comes
 * from /graphql; the URL holds what is shown (?concept=, ?comparison=, ?from=&to=) so a
 * view can be shared and reloaded.
 */

interface Concept {
  slug: string;
  name: string;
  kind: string;
  definition?: string | null;
  aliases?: string[];
  xrefs?: string[];
}
interface Relation {
  type: string;
  from: { slug: string };
  to: { slug: string };
}

type KindStyle = { color: string; shape: cytoscape.Css.NodeShape };
// Every kind of the vocabulary has a style (satisfies); data from the server indexes by string.
const KINDS: Record<string, KindStyle> = {
  PROCESS: { color: '#4e79a7', shape: 'round-rectangle' },
  CELL: { color: '#f28e2b', shape: 'ellipse' },
  TISSUE: { color: '#59a14f', shape: 'hexagon' },
  STRUCTURE: { color: '#76b7b2', shape: 'diamond' },
  PATHOLOGY: { color: '#e15759', shape: 'triangle' },
  SUBSTANCE: { color: '#b07aa1', shape: 'star' },
  GENE_PRODUCT: { color: '#edc948', shape: 'round-pentagon' },
  DRUG: { color: '#9c755f', shape: 'vee' },
} satisfies Record<ConceptKind, KindStyle>;
const RELATION_TYPES: readonly string[] = RELATION_TYPE_NAMES;
const CONCEPT_FIELDS = 'slug name kind';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(body.errors.map((error) => error.message).join('; '));
  return body.data as T;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function status(text: string): void {
  $('status').textContent = text;
}

const cy: Core = cytoscape({
  container: $('graph'),
  wheelSensitivity: 0.3,
  minZoom: 0.15,
  maxZoom: 1.5,
  style: [
    {
      selector: 'node',
      style: {
        label: 'data(label)',
        'background-color': 'data(color)',
        shape: 'data(shape)' as never,
        'font-size': 11,
        'text-valign': 'bottom',
        'text-margin-y': 4,
        width: 26,
        height: 26,
      },
    },
    { selector: 'node.focus', style: { 'border-width': 4, 'border-color': '#1d2433', width: 36, height: 36, 'font-weight': 'bold' } },
    {
      selector: 'edge',
      style: {
        label: 'data(label)',
        'font-size': 8,
        'text-rotation': 'autorotate',
        color: '#556',
        'curve-style': 'bezier',
        'target-arrow-shape': 'triangle',
        width: 1.5,
        'line-color': '#aab',
        'target-arrow-color': '#aab',
      },
    },
    { selector: 'edge.on-path', style: { 'line-color': '#d62728', 'target-arrow-color': '#d62728', width: 4 } },
    { selector: 'node.on-path', style: { 'border-width': 4, 'border-color': '#d62728' } },
  ],
});

// Exposed for the browser tests and for curious users in the console.
(window as unknown as { __cy: Core }).__cy = cy;

const state = {
  focus: null as string | null,
  depth: 1,
  types: new Set(RELATION_TYPES),
};

function selectedTypes(): string[] | null {
  return state.types.size === RELATION_TYPES.length ? null : [...state.types];
}

function addElements(nodes: Concept[], edges: Relation[]): void {
  const elements: ElementDefinition[] = [];
  for (const node of nodes) {
    if (cy.getElementById(node.slug).nonempty()) continue;
    const kind = KINDS[node.kind] ?? KINDS.STRUCTURE!;
    elements.push({ group: 'nodes', data: { id: node.slug, label: node.name, kind: node.kind, color: kind.color, shape: kind.shape } });
  }
  for (const edge of edges) {
    const id = `${edge.from.slug}|${edge.type}|${edge.to.slug}`;
    if (cy.getElementById(id).nonempty()) continue;
    elements.push({ group: 'edges', data: { id, source: edge.from.slug, target: edge.to.slug, label: edge.type, type: edge.type } });
  }
  cy.add(elements);
}

/**
 * Rings around the focused concept: its neighbours on the first ring, theirs further out,
 * so distance on screen is distance in the graph. Deterministic, unlike force layouts, so
 * a reloaded URL draws the same picture.
 */
function layout(): void {
  const focus = state.focus ? cy.getElementById(state.focus) : cy.collection();
  const depthOf = new Map<string, number>();
  if (focus.nonempty()) {
    const queue: [string, number][] = [[focus.id(), 0]];
    depthOf.set(focus.id(), 0);
    while (queue.length) {
      const [id, depth] = queue.shift()!;
      cy.getElementById(id).neighborhood('node').forEach((node) => {
        if (!depthOf.has(node.id())) {
          depthOf.set(node.id(), depth + 1);
          queue.push([node.id(), depth + 1]);
        }
      });
    }
  }
  cy.layout({
    name: 'concentric',
    animate: false,
    fit: true,
    padding: 40,
    minNodeSpacing: 50,
    concentric: (node: cytoscape.NodeSingular) => 10 - (depthOf.get(node.id()) ?? 9),
    levelWidth: () => 1,
  } as never).run();
}

async function fetchSubgraph(slugs: string[]): Promise<{ nodes: Concept[]; edges: Relation[]; truncated: boolean }> {
  const data = await gql<{ subgraph: { nodes: Concept[]; edges: Relation[]; truncated: boolean } }>(
    `query Subgraph($slugs: [String!]!, $depth: Int!, $types: [RelationType!]) {
      subgraph(slugs: $slugs, depth: $depth, types: $types, limit: 150) {
        truncated nodes { ${CONCEPT_FIELDS} } edges { type from { slug } to { slug } } } }`,
    { slugs, depth: state.depth, types: selectedTypes() },
  );
  return data.subgraph;
}

/** Draws the neighbourhood of `slug` afresh, centred on it. */
async function showConcept(slug: string, push = true): Promise<void> {
  state.focus = slug;
  const graph = await fetchSubgraph([slug]);
  cy.elements().remove();
  addElements(graph.nodes, graph.edges);
  cy.nodes().removeClass('focus');
  cy.getElementById(slug).addClass('focus');
  layout();
  status(`${graph.nodes.length} concepts, ${graph.edges.length} relations${graph.truncated ? ' (limited)' : ''}`);
  await showDetails(slug);
  if (push) setUrl({ concept: slug, depth: String(state.depth), types: selectedTypes()?.join(',') ?? null });
}

/** Adds the neighbours of `slug` to what is drawn. */
async function expand(slug: string): Promise<void> {
  const graph = await fetchSubgraph([slug]);
  const before = cy.nodes().length;
  addElements(graph.nodes, graph.edges);
  if (cy.nodes().length !== before) layout();
  await showDetails(slug);
}

function ontologyLink(curie: string): string {
  const [prefix, id] = curie.split(':');
  return `http://purl.obolibrary.org/obo/${prefix}_${id}`;
}

async function showDetails(slug: string): Promise<void> {
  const data = await gql<{
    concept: (Concept & {
      comparisons: { slug: string; title: string }[];
      related: { reasons: string[]; topic: { __typename: string; slug: string; name?: string; title?: string } }[];
    }) | null;
  }>(
    `query Details($slug: String!) { concept(slug: $slug) {
      ${CONCEPT_FIELDS} definition aliases xrefs
      comparisons { slug title }
      related(first: 8) { reasons topic { __typename ... on Concept { slug name } ... on Comparison { slug title } } }
    } }`,
    { slug },
  );
  const concept = data.concept;
  if (!concept) {
    $('details').innerHTML = `<p>No concept "${escapeHtml(slug)}".</p>`;
    return;
  }
  const kind = KINDS[concept.kind] ?? KINDS.STRUCTURE!;
  const list = (items: string[]) => (items.length ? `<ul>${items.join('')}</ul>` : '<p class="hint">none</p>');
  $('details').innerHTML = `
    <h2 id="concept-name">${escapeHtml(concept.name)} <span class="kind-badge" style="background:${kind.color}">${concept.kind}</span></h2>
    <p>${escapeHtml(concept.definition ?? 'No definition yet.')}</p>
    <h3>Also called</h3>${list((concept.aliases ?? []).map((alias) => `<li>${escapeHtml(alias)}</li>`))}
    <h3>Ontology IDs</h3>${list((concept.xrefs ?? []).map((x) => `<li><a href="${ontologyLink(x)}" target="_blank" rel="noopener">${escapeHtml(x)}</a></li>`))}
    <h3>Comparisons</h3>${list(concept.comparisons.map((c) => `<li><button class="link" data-comparison="${escapeHtml(c.slug)}">${escapeHtml(c.title)}</button></li>`))}
    <h3>Related</h3>${list(
      concept.related.map((r) => {
        const label = r.topic.__typename === 'Comparison' ? r.topic.title : r.topic.name;
        const attribute = r.topic.__typename === 'Comparison' ? 'data-comparison' : 'data-concept';
        return `<li><button class="link" ${attribute}="${escapeHtml(r.topic.slug)}">${escapeHtml(label ?? r.topic.slug)}</button>
          <ul class="reasons">${r.reasons.map((reason) => `<li>${escapeHtml(reason)}</li>`).join('')}</ul></li>`;
      }),
    )}`;
}

async function showComparison(slug: string, push = true): Promise<void> {
  const data = await gql<{ comparison: { title: string; summary: string | null; concepts: Concept[]; aspects: { name: string; values: string[] }[] } | null }>(
    `query Comparison($slug: String!) { comparison(slug: $slug) { title summary concepts { ${CONCEPT_FIELDS} } aspects { name values } } }`,
    { slug },
  );
  const comparison = data.comparison;
  if (!comparison) {
    status(`No comparison "${slug}".`);
    return;
  }
  $('comparison-body').innerHTML = `
    <h2 id="comparison-title">${escapeHtml(comparison.title)}</h2>
    ${comparison.summary ? `<p>${escapeHtml(comparison.summary)}</p>` : ''}
    <table class="aspects"><thead><tr><th>Aspect</th>${comparison.concepts.map((c) => `<th>${escapeHtml(c.name)}</th>`).join('')}</tr></thead>
    <tbody>${comparison.aspects.map((a) => `<tr><th>${escapeHtml(a.name)}</th>${a.values.map((v) => `<td>${escapeHtml(v)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
  const dialog = $<HTMLDialogElement>('comparison');
  if (!dialog.open) dialog.showModal();
  if (cy.nodes().empty()) {
    // Opened straight from a URL: draw the two compared concepts and what joins them.
    state.focus = comparison.concepts[0]?.slug ?? null;
    const graph = await fetchSubgraph(comparison.concepts.map((concept) => concept.slug));
    addElements(graph.nodes, graph.edges);
    layout();
  }
  if (push) setUrl({ comparison: slug });
}

async function findPaths(from: string, to: string, push = true): Promise<void> {
  const data = await gql<{ paths: { explanation: string; concepts: Concept[]; relations: Relation[] }[] }>(
    `query Paths($from: String!, $to: String!, $types: [RelationType!]) {
      paths(from: $from, to: $to, k: 3, types: $types) { explanation concepts { ${CONCEPT_FIELDS} } relations { type from { slug } to { slug } } } }`,
    { from, to, types: selectedTypes() },
  );
  const results = $('path-results');
  results.innerHTML = '';
  if (data.paths.length === 0) {
    results.innerHTML = '<li>No path found.</li>';
    return;
  }
  cy.elements().removeClass('on-path');
  data.paths.forEach((path, index) => {
    addElements(path.concepts, path.relations);
    const item = document.createElement('li');
    item.textContent = path.explanation;
    item.addEventListener('click', () => highlight(index));
    results.append(item);
  });
  const highlight = (index: number) => {
    cy.elements().removeClass('on-path');
    [...results.children].forEach((child, i) => child.classList.toggle('active', i === index));
    const path = data.paths[index]!;
    for (const concept of path.concepts) cy.getElementById(concept.slug).addClass('on-path');
    for (const r of path.relations) cy.getElementById(`${r.from.slug}|${r.type}|${r.to.slug}`).addClass('on-path');
  };
  layout();
  highlight(0);
  if (push) setUrl({ from, to });
}

function setUrl(params: Record<string, string | null>): void {
  const url = new URL('/explore', window.location.origin);
  for (const [key, value] of Object.entries(params)) if (value) url.searchParams.set(key, value);
  history.pushState(null, '', url);
}

// --- search with autocomplete -------------------------------------------------------------

const searchBox = $<HTMLInputElement>('search');
const suggestions = $<HTMLUListElement>('suggestions');
let active = -1;
let searchTimer: number | undefined;

function renderSuggestions(hits: { concept: Concept }[]): void {
  suggestions.innerHTML = '';
  active = -1;
  for (const { concept } of hits) {
    const item = document.createElement('li');
    item.setAttribute('role', 'option');
    item.dataset.slug = concept.slug;
    item.innerHTML = `<span>${escapeHtml(concept.name)}</span><span class="kind">${concept.kind}</span>`;
    item.addEventListener('mousedown', (event) => {
      event.preventDefault();
      choose(concept.slug);
    });
    suggestions.append(item);
  }
  suggestions.hidden = hits.length === 0;
}

function choose(slug: string): void {
  suggestions.hidden = true;
  searchBox.value = '';
  void showConcept(slug).catch(report);
}

searchBox.addEventListener('input', () => {
  window.clearTimeout(searchTimer);
  const text = searchBox.value.trim();
  if (!text) {
    suggestions.hidden = true;
    return;
  }
  searchTimer = window.setTimeout(() => {
    gql<{ search: { concept: Concept }[] }>(`query Search($q: String!) { search(query: $q, first: 8) { concept { ${CONCEPT_FIELDS} } } }`, { q: text.slice(0, 200) })
      .then((data) => renderSuggestions(data.search))
      .catch(report);
  }, 150);
});

searchBox.addEventListener('keydown', (event) => {
  const items = [...suggestions.children] as HTMLElement[];
  if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
    event.preventDefault();
    active = (active + (event.key === 'ArrowDown' ? 1 : -1) + items.length) % Math.max(items.length, 1);
    items.forEach((item, index) => item.setAttribute('aria-selected', String(index === active)));
  } else if (event.key === 'Enter') {
    const item = items[Math.max(active, 0)];
    if (item?.dataset.slug) choose(item.dataset.slug);
  } else if (event.key === 'Escape') {
    suggestions.hidden = true;
  }
});

// --- controls -----------------------------------------------------------------------------

const depthSelect = $<HTMLSelectElement>('depth');
depthSelect.addEventListener('change', () => {
  state.depth = Number(depthSelect.value);
  if (state.focus) void showConcept(state.focus).catch(report);
});

$('types').innerHTML = RELATION_TYPES.map((type) => `<label><input type="checkbox" value="${type}" checked> ${type}</label>`).join('');
$('types').addEventListener('change', (event) => {
  const box = event.target as HTMLInputElement;
  if (box.checked) state.types.add(box.value);
  else state.types.delete(box.value);
  if (state.focus) void showConcept(state.focus).catch(report);
});

$('legend').innerHTML = Object.entries(KINDS)
  .map(([kind, style]) => `<span style="--c:${style.color}">${kind.toLowerCase()}</span>`)
  .join('');

$('panel').addEventListener('click', (event) => {
  const target = (event.target as HTMLElement).closest('button[data-concept], button[data-comparison]') as HTMLElement | null;
  if (!target) return;
  if (target.dataset.concept) void showConcept(target.dataset.concept).catch(report);
  if (target.dataset.comparison) void showComparison(target.dataset.comparison).catch(report);
});

$('path-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const from = $<HTMLInputElement>('path-from').value.trim();
  const to = $<HTMLInputElement>('path-to').value.trim();
  if (from && to) void findPaths(from, to).catch(report);
});

$<HTMLDialogElement>('comparison').addEventListener('close', () => {
  if (state.focus) setUrl({ concept: state.focus });
});

cy.on('tap', 'node', (event) => void expand(event.target.id()).catch(report));
cy.on('dbltap', 'node', (event) => void showConcept(event.target.id()).catch(report));

function report(error: unknown): void {
  status(`Error: ${error instanceof Error ? error.message : String(error)}`);
}

async function fromUrl(): Promise<void> {
  const params = new URLSearchParams(window.location.search);
  const depth = Number(params.get('depth'));
  if (depth >= 1 && depth <= 3) {
    state.depth = depth;
    depthSelect.value = String(depth);
  }
  const types = params.get('types');
  if (types) {
    state.types = new Set(types.split(',').filter((type) => RELATION_TYPES.includes(type)));
    for (const box of document.querySelectorAll<HTMLInputElement>('#types input')) box.checked = state.types.has(box.value);
  }
  const concept = params.get('concept');
  const comparison = params.get('comparison');
  const from = params.get('from');
  const to = params.get('to');
  if (concept) await showConcept(concept, false);
  if (comparison) await showComparison(comparison, false);
  if (from && to) {
    $<HTMLInputElement>('path-from').value = from;
    $<HTMLInputElement>('path-to').value = to;
    await findPaths(from, to, false);
  }
}

window.addEventListener('popstate', () => void fromUrl().catch(report));
void fromUrl().catch(report);
