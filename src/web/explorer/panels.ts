import { CONCEPT, gql } from './api.js';
import { kindStyle } from './canvas.js';
import type { ConceptSummary, Drawing } from './drawing.js';
import { escapeHtml, words } from '../text.js';

/**
 * What the side panel and the comparison dialog show: a concept's details, its hierarchy as a
 * tree, ranked connections between two concepts, a comparison of any two, and the drawing as
 * a list (the canvas's keyboard- and screen-reader-friendly twin). Each reads the public
 * GraphQL API and writes HTML with every value escaped.
 */

/** A kind badge: a swatch in the kind's colour beside dark text, readable on any background. */
export const kindBadge = (kind: string) =>
  `<span class="kind-badge"><span class="swatch" style="background:${kindStyle(kind).color}" aria-hidden="true"></span>${escapeHtml(words(kind))}</span>`;

const conceptButton = (concept: ConceptSummary, attribute = 'data-select') =>
  `<button type="button" class="link" ${attribute}="${escapeHtml(concept.slug)}">${escapeHtml(concept.name)}</button>`;

const list = (items: string[], empty = 'none') => (items.length ? `<ul>${items.join('')}</ul>` : `<p class="hint">${empty}</p>`);

function ontologyLink(curie: string): string {
  const [prefix, id] = curie.split(':');
  return `https://purl.obolibrary.org/obo/${encodeURIComponent(prefix ?? '')}_${encodeURIComponent(id ?? '')}`;
}

// --- details ------------------------------------------------------------------------------

interface Details extends ConceptSummary {
  definition: string | null;
  aliases: string[];
  xrefs: string[];
  comparisons: { slug: string; title: string; concepts: { slug: string }[] }[];
  related: { reasons: string[]; topic: { __typename: string; slug: string; name?: string; title?: string; concepts?: { slug: string }[] } }[];
  relations: { totalCount: number };
}

/**
 * A concept's details and what can be done with it. `state` (whether it is the focus, whether
 * its neighbours are drawn) may come later than the details: they are read meanwhile.
 */
export async function renderDetails(
  container: HTMLElement,
  slug: string,
  state: Promise<{ focus: boolean; expanded: boolean }>,
  signal: AbortSignal,
): Promise<string | null> {
  const reading = gql<{ concept: Details | null }>(
    `query Details($slug: String!) { concept(slug: $slug) {
      ${CONCEPT} definition aliases xrefs relations(first: 0) { totalCount }
      comparisons { slug title concepts { slug } }
      related(first: 8) { reasons topic { __typename ... on Concept { slug name } ... on Comparison { slug title concepts { slug } } } }
    } }`,
    { slug },
    signal,
  );
  const [data, { focus, expanded }] = await Promise.all([reading, state]);
  const concept = data.concept;
  if (!concept) {
    container.innerHTML = `<p>No concept "${escapeHtml(slug)}": it may have been deleted.</p>`;
    return null;
  }
  const compareLink = (pair: { slug: string }[]) => `data-compare="${escapeHtml(pair.map((c) => c.slug).join(','))}"`;
  container.innerHTML = `
    <h2 id="concept-name" tabindex="-1">${escapeHtml(concept.name)} ${kindBadge(concept.kind)}</h2>
    <div class="actions" role="group" aria-label="Actions on ${escapeHtml(concept.name)}">
      ${focus ? '' : `<button type="button" data-action="recentre">Recentre</button>`}
      <button type="button" data-action="${expanded ? 'collapse' : 'expand'}">${expanded ? 'Collapse' : 'Expand'}</button>
      ${focus ? '' : `<button type="button" data-action="hide">Hide</button>`}
      <button type="button" data-action="hierarchy">Hierarchy</button>
      <button type="button" data-action="paths">Paths from here</button>
      <button type="button" data-action="compare">Compare with…</button>
    </div>
    <p>${escapeHtml(concept.definition ?? 'No definition yet.')}</p>
    <p class="hint">${concept.relations.totalCount.toLocaleString('en')} relation${concept.relations.totalCount === 1 ? '' : 's'}</p>
    <h3>Also called</h3>${list(concept.aliases.map((alias) => `<li>${escapeHtml(alias)}</li>`))}
    <h3>Ontology IDs</h3>${list(concept.xrefs.map((x) => `<li><a href="${ontologyLink(x)}" target="_blank" rel="noopener">${escapeHtml(x)}</a></li>`))}
    <h3>Comparisons</h3>${list(concept.comparisons.map((c) => `<li><button type="button" class="link" ${compareLink(c.concepts)}>${escapeHtml(c.title)}</button></li>`))}
    <h3>Related</h3>${list(
      concept.related.map((r) => {
        const button =
          r.topic.__typename === 'Comparison'
            ? `<button type="button" class="link" ${compareLink(r.topic.concepts ?? [])}>${escapeHtml(r.topic.title ?? r.topic.slug)}</button>`
            : `<button type="button" class="link" data-recentre="${escapeHtml(r.topic.slug)}">${escapeHtml(r.topic.name ?? r.topic.slug)}</button>`;
        return `<li>${button}<ul class="reasons">${r.reasons.map((reason) => `<li>${escapeHtml(reason)}</li>`).join('')}</ul></li>`;
      }),
    )}`;
  return concept.name;
}

// --- hierarchy ----------------------------------------------------------------------------

interface HierarchyPage {
  totalCount: number;
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
  edges: { distance: number; node: ConceptSummary & { children?: { totalCount: number } } }[];
}

const CHILDREN = `children(first: 25, after: $after) { totalCount pageInfo { endCursor hasNextPage } edges { distance node { ${CONCEPT} children(first: 0) { totalCount } } } }`;

function treeItems(page: HierarchyPage, level: number): string {
  const items = page.edges.map(({ node }) => {
    const count = node.children?.totalCount ?? 0;
    const toggle = count
      ? `<button type="button" class="twisty" data-children="${escapeHtml(node.slug)}" aria-expanded="false" aria-label="Show the ${count} kinds and parts of ${escapeHtml(node.name)}">▸</button>`
      : '<span class="twisty" aria-hidden="true"></span>';
    return `<li role="treeitem" aria-level="${level}" aria-expanded="${count ? 'false' : 'true'}" data-slug="${escapeHtml(node.slug)}">${toggle}${conceptButton(node)} <span class="count">${count ? count.toLocaleString('en') : ''}</span></li>`;
  });
  const more = page.pageInfo.hasNextPage
    ? `<li role="none"><button type="button" class="link" data-page-after="${escapeHtml(page.pageInfo.endCursor ?? '')}">${(page.totalCount - page.edges.length).toLocaleString('en')} more…</button></li>`
    : '';
  return items.join('') + more;
}

/** Ancestors nearest first, by distance; below the concept, its children, each unfolding into its own. */
export async function renderHierarchy(container: HTMLElement, slug: string, signal: AbortSignal): Promise<void> {
  const data = await gql<{ concept: (ConceptSummary & { ancestors: HierarchyPage; children: HierarchyPage }) | null }>(
    `query Hierarchy($slug: String!, $after: String) { concept(slug: $slug) { ${CONCEPT}
      ancestors(first: 40) { totalCount pageInfo { endCursor hasNextPage } edges { distance node { ${CONCEPT} } } }
      ${CHILDREN} } }`,
    { slug, after: null },
    signal,
  );
  const concept = data.concept;
  if (!concept) {
    container.innerHTML = `<p>No concept "${escapeHtml(slug)}".</p>`;
    return;
  }
  const byDistance = new Map<number, ConceptSummary[]>();
  for (const edge of concept.ancestors.edges) byDistance.set(edge.distance, [...(byDistance.get(edge.distance) ?? []), edge.node]);
  const lineage = [...byDistance.entries()]
    .sort(([a], [b]) => b - a)
    .map(([distance, nodes]) => `<li><span class="distance">${distance} up</span> ${nodes.map((node) => conceptButton(node)).join(', ')}</li>`);
  container.innerHTML = `
    <h2 id="hierarchy-title">Hierarchy of ${escapeHtml(concept.name)}</h2>
    <p class="hint">Over "is a" and "part of": what it comes under, farthest first, then what comes under it. Unfold a branch with ▸.</p>
    <h3>Comes under (${concept.ancestors.totalCount.toLocaleString('en')})</h3>
    ${lineage.length ? `<ol class="lineage">${lineage.join('')}</ol>` : '<p class="hint">nothing: it is a root</p>'}
    <h3>${escapeHtml(concept.name)}: its kinds and parts (${concept.children.totalCount.toLocaleString('en')})</h3>
    <ul role="tree" aria-label="Kinds and parts of ${escapeHtml(concept.name)}" class="tree" data-owner="${escapeHtml(concept.slug)}">${treeItems(concept.children, 1)}</ul>`;
}

/** Unfolds a branch of the tree, or reads the next page of one, in place. */
export async function unfoldBranch(target: HTMLElement): Promise<void> {
  const pageAfter = target.dataset.pageAfter;
  const owner = pageAfter !== undefined ? (target.closest('[data-owner]') as HTMLElement | null)?.dataset.owner : target.dataset.children;
  if (!owner) return;
  const item = target.closest('li') as HTMLElement;
  if (pageAfter === undefined && item.querySelector(':scope > ul')) {
    const open = target.getAttribute('aria-expanded') === 'true';
    (item.querySelector(':scope > ul') as HTMLElement).hidden = open;
    target.setAttribute('aria-expanded', String(!open));
    item.setAttribute('aria-expanded', String(!open));
    target.textContent = open ? '▸' : '▾';
    return;
  }
  const data = await gql<{ concept: { children: HierarchyPage } | null }>(`query Branch($slug: String!, $after: String) { concept(slug: $slug) { ${CHILDREN} } }`, {
    slug: owner,
    after: pageAfter ?? null,
  });
  const page = data.concept?.children;
  if (!page) return;
  const level = Number(item.getAttribute('aria-level') ?? 0) + 1;
  if (pageAfter !== undefined) {
    item.insertAdjacentHTML('beforebegin', treeItems(page, level - 1));
    item.remove();
    return;
  }
  item.insertAdjacentHTML('beforeend', `<ul role="group" data-owner="${escapeHtml(owner)}">${treeItems(page, level)}</ul>`);
  target.setAttribute('aria-expanded', 'true');
  item.setAttribute('aria-expanded', 'true');
  target.textContent = '▾';
}

// --- connections --------------------------------------------------------------------------

export interface RankedPath {
  score: number;
  length: number;
  pattern: string;
  explanation: string;
  concepts: ConceptSummary[];
  relations: { type: string; from: { slug: string }; to: { slug: string } }[];
}
export interface Connections {
  totalPaths: number;
  truncated: boolean;
  paths: RankedPath[];
  patterns: { pattern: string; count: number; score: number }[];
}

export async function readConnections(from: string, to: string, types: string[] | null, signal: AbortSignal): Promise<Connections> {
  const data = await gql<{ connections: Connections }>(
    `query Connections($from: String!, $to: String!, $types: [RelationType!]) {
      connections(from: $from, to: $to, maxDepth: 3, first: 10, types: $types) {
        totalPaths truncated
        paths { score length pattern explanation concepts { ${CONCEPT} } relations { type from { slug } to { slug } } }
        patterns { pattern count score } } }`,
    { from, to, types },
    signal,
  );
  return data.connections;
}

export function renderConnections(container: HTMLElement, result: Connections, active: number): void {
  if (result.paths.length === 0) {
    container.innerHTML = '<p id="no-path">No connection within three relations. Try other relation types, or the hierarchy of either concept.</p>';
    return;
  }
  const paths = result.paths.map(
    (path, index) => `<li${index === active ? ' class="active" aria-current="true"' : ''}>
      <button type="button" class="path" data-path="${index}">
        <span class="explanation">${escapeHtml(path.explanation)}</span>
        <span class="meta">score ${path.score.toPrecision(3)} · ${path.length} relation${path.length === 1 ? '' : 's'} · ${escapeHtml(path.pattern)}</span>
      </button></li>`,
  );
  const patterns = result.patterns
    .slice(0, 5)
    .map((pattern) => `<li>${escapeHtml(pattern.pattern)} <span class="meta">${pattern.count} path${pattern.count === 1 ? '' : 's'}, score ${pattern.score.toPrecision(3)}</span></li>`);
  container.innerHTML = `
    <p class="hint">${result.totalPaths.toLocaleString('en')} path${result.totalPaths === 1 ? '' : 's'}${result.truncated ? ' (more exist: the first 5,000 were ranked)' : ''}, best first: paths through concepts with fewer relations score higher.</p>
    <ol id="path-results">${paths.join('')}</ol>
    <h3>Patterns</h3><ul class="patterns">${patterns.join('')}</ul>`;
}

// --- comparison ---------------------------------------------------------------------------

interface ComparisonResult {
  title: string;
  generated: boolean;
  concepts: ConceptSummary[];
  aspects: { name: string; values: string[] }[];
  shared: { sentence: string }[];
  differences: { sentence: string }[];
  commonAncestor: { concept: ConceptSummary; distances: number[] } | null;
  similarity: number;
  curated: { summary: string | null } | null;
}

export async function renderComparison(container: HTMLElement, a: string, b: string, signal: AbortSignal): Promise<string> {
  const data = await gql<{ compare: ComparisonResult }>(
    `query Compare($a: String!, $b: String!) { compare(a: $a, b: $b) {
      title generated concepts { ${CONCEPT} } aspects { name values } curated { summary }
      shared { sentence } differences { sentence } commonAncestor { concept { ${CONCEPT} } distances } similarity } }`,
    { a, b },
    signal,
  );
  const result = data.compare;
  const sentences = (items: { sentence: string }[]) => list(items.slice(0, 8).map((item) => `<li>${escapeHtml(item.sentence)}</li>`));
  container.innerHTML = `
    <h2 id="comparison-title">${escapeHtml(result.title)}</h2>
    <p class="hint">${result.generated ? 'Built from the graph: no curated table compares these two yet.' : 'Curated comparison.'} Similarity ${Math.round(result.similarity * 100)}%.${
      result.commonAncestor ? ` Both come under ${conceptButton(result.commonAncestor.concept, 'data-recentre')}.` : ''
    }</p>
    ${result.curated?.summary ? `<p>${escapeHtml(result.curated.summary)}</p>` : ''}
    <div class="table-scroll"><table class="aspects"><thead><tr><th scope="col">Aspect</th>${result.concepts.map((c) => `<th scope="col">${escapeHtml(c.name)}</th>`).join('')}</tr></thead>
    <tbody>${result.aspects.map((aspect) => `<tr><th scope="row">${escapeHtml(aspect.name)}</th>${aspect.values.map((value) => `<td>${escapeHtml(value)}</td>`).join('')}</tr>`).join('')}</tbody></table></div>
    <h3>In common</h3>${sentences(result.shared)}
    <h3>Differences</h3>${sentences(result.differences)}`;
  return result.title;
}

// --- the drawing as a list ----------------------------------------------------------------

export function renderList(container: HTMLElement, drawing: Drawing, focus: string | null, selected: string | null): void {
  const rings = new Map<number, string[]>();
  for (const node of drawing.nodes) {
    const item = node.more
      ? `<li><button type="button" data-more="${escapeHtml(node.more.key)}">Show ${Math.min(node.more.remaining, 20)} more of ${escapeHtml(node.label)}</button></li>`
      : `<li><button type="button" data-select="${escapeHtml(node.id)}"${node.id === selected ? ' aria-current="true"' : ''}>${escapeHtml(node.label)}</button> ${kindBadge(node.kind)}${node.id === focus ? ' <span class="hint">(centre)</span>' : ''}</li>`;
    rings.set(node.ring, [...(rings.get(node.ring) ?? []), item]);
  }
  container.innerHTML = drawing.nodes.length
    ? [...rings.entries()]
        .sort(([a], [b]) => a - b)
        .map(([ring, items]) => `<h3>${ring === 0 ? 'Centre' : `${ring} relation${ring === 1 ? '' : 's'} away`}</h3><ul>${items.join('')}</ul>`)
        .join('')
    : '<p class="hint">Nothing drawn yet.</p>';
}
