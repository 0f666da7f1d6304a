import { describe, expect, it } from 'vitest';
import { GROUP_SHOWN, MAX_NODES, PAGE, plan, Store, type LoadedRelation } from '../src/web/explorer/drawing.js';
import { drawingToSvg } from '../src/web/explorer/svg.js';
import { collapse, EMPTY_VIEW, expand, groupKey, hide, openMore, queryOfView, recentre, viewFromQuery } from '../src/web/explorer/view.js';
import { RELATION_TYPE_NAMES } from '../src/graph/vocabulary.js';

// The explorer's pure parts: the View a URL holds, and how a View becomes a drawing.

const TYPES: readonly string[] = RELATION_TYPE_NAMES;

describe('explorer views and URLs', () => {
  it('round-trips every part of a view through its URL', () => {
    const view = {
      ...EMPTY_VIEW,
      concept: 'bone',
      depth: 2,
      types: ['IS_A', 'PART_OF'],
      expanded: ['osteoblast'],
      collapsed: ['cartilage'],
      hidden: ['osteoid'],
      more: { [groupKey('bone', 'PART_OF', 'IN')]: 2 },
      selected: 'osteoblast',
      panel: 'paths' as const,
      from: 'CL:0000062',
      to: 'bone tissue',
      path: 1,
      a: 'osteoblast',
      b: 'osteoclast',
      list: true,
    };
    const query = queryOfView(view);
    expect(query).toContain('more=bone~PART_OF~IN~2');
    expect(viewFromQuery(query, TYPES)).toEqual(view);
    expect(queryOfView(EMPTY_VIEW)).toBe('');
  });

  it('keeps what it can of a malformed or hostile URL and drops the rest', () => {
    const view = viewFromQuery('?concept=<script>&depth=99&types=IS_A,DROP_TABLE&expand=ok,Not%20A%20Slug&more=bone~PART_OF~SIDEWAYS~2,bone~IS_A~OUT~0&panel=admin', TYPES);
    expect(view).toEqual({ ...EMPTY_VIEW, types: ['IS_A'], expanded: ['ok'] });
  });

  it('reads the links of earlier versions (?concept=&depth=, ?from=&to=, ?comparison=)', () => {
    expect(viewFromQuery('?concept=osteoclast&depth=2', TYPES)).toMatchObject({ concept: 'osteoclast', depth: 2, panel: 'details' });
    expect(viewFromQuery('?from=osteoblast&to=bone', TYPES)).toMatchObject({ from: 'osteoblast', to: 'bone', panel: 'paths' });
    expect(viewFromQuery('?comparison=calcification-vs-ossification', TYPES).comparison).toBe('calcification-vs-ossification');
  });

  it('changes views the way the buttons say: expand, collapse, hide, recentre, open more', () => {
    const start = { ...EMPTY_VIEW, concept: 'bone' };
    const expanded = expand(start, 'osteoblast');
    expect(expanded.expanded).toEqual(['osteoblast']);
    const collapsed = collapse(openMore(expanded, groupKey('osteoblast', 'IS_A', 'OUT')), 'osteoblast');
    expect(collapsed).toMatchObject({ expanded: [], collapsed: ['osteoblast'], more: {} });
    expect(hide(start, 'bone')).toBe(start); // the focus stays
    expect(hide(expanded, 'osteoblast')).toMatchObject({ hidden: ['osteoblast'], expanded: [] });
    expect(recentre(expanded, 'osteoblast')).toMatchObject({ concept: 'osteoblast', expanded: [], more: {}, selected: 'osteoblast' });
    expect(openMore(openMore(start, 'k'), 'k').more).toEqual({ k: 2 });
  });
});

const concept = (slug: string, kind = 'CELL') => ({ slug, name: slug.replace(/-/g, ' '), kind });
const relation = (type: string, from: string, to: string): LoadedRelation => ({ type, from: concept(from), to: concept(to), cursor: `${type}|${from}|${to}` });

/** A hub with `parts` PART_OF children, one IS_A parent, and a leaf child of its own. */
function hubStore(parts: number): Store {
  const store = new Store();
  const children = Array.from({ length: parts }, (_, index) => `part-${String(index).padStart(4, '0')}`);
  const relations = [relation('IS_A', 'hub', 'top'), ...children.map((child) => relation('PART_OF', child, 'hub'))];
  store.neighbourhoods.set('hub', {
    concept: concept('hub'),
    counts: [
      { type: 'IS_A', direction: 'OUT', count: 1 },
      { type: 'PART_OF', direction: 'IN', count: parts },
    ],
    relations: relations.slice(0, 100),
  });
  store.neighbourhoods.set('part-0000', { concept: concept('part-0000'), counts: [{ type: 'PART_OF', direction: 'OUT', count: 1 }], relations: [relation('PART_OF', 'part-0000', 'hub')] });
  return store;
}

describe('explorer drawing plan', () => {
  it('asks for the focus first, then draws a small group whole', () => {
    const view = { ...EMPTY_VIEW, concept: 'hub' };
    expect(plan(view, new Store()).needs).toEqual([{ kind: 'neighbourhood', slug: 'hub' }]);
    const { drawing, needs } = plan(view, hubStore(5));
    expect(needs).toEqual([]);
    expect(drawing.nodes.map((node) => node.id).sort()).toEqual(['hub', 'part-0000', 'part-0001', 'part-0002', 'part-0003', 'part-0004', 'top']);
    expect(drawing.edges).toContainEqual({ id: 'part-0003|PART_OF|hub', source: 'part-0003', target: 'hub', type: 'PART_OF' });
  });

  it('groups a big group into an "N more" node that opens a page at a time, reading what it lacks', () => {
    const store = hubStore(2500);
    const view = { ...EMPTY_VIEW, concept: 'hub' };
    const first = plan(view, store).drawing;
    const more = first.nodes.find((node) => node.more);
    expect(first.nodes.filter((node) => node.id.startsWith('part-'))).toHaveLength(GROUP_SHOWN);
    expect(more).toMatchObject({ label: `${(2500 - GROUP_SHOWN).toLocaleString('en')} more · ← part of`, more: { key: groupKey('hub', 'PART_OF', 'IN'), remaining: 2500 - GROUP_SHOWN } });

    const pages = 6; // beyond the 100 read with the neighbourhood
    const opened = { ...view, more: { [groupKey('hub', 'PART_OF', 'IN')]: pages } };
    const { needs } = plan(opened, store);
    expect(needs).toEqual([{ kind: 'page', key: 'hub~PART_OF~IN', slug: 'hub', type: 'PART_OF', direction: 'IN', after: 'PART_OF|part-0098|hub', first: GROUP_SHOWN + PAGE * pages - 99 }]);
  });

  it('expands rings to the depth asked, except what is collapsed, and leaves hidden concepts out', () => {
    const store = hubStore(3);
    const two = plan({ ...EMPTY_VIEW, concept: 'hub', depth: 2 }, store);
    // part-0000 is read; part-0001, part-0002 and top are not yet: the plan asks for them.
    expect(two.needs.map((need) => (need.kind === 'neighbourhood' ? need.slug : need.key)).sort()).toEqual(['part-0001', 'part-0002', 'top']);
    expect(two.drawing.nodes.find((node) => node.id === 'part-0000')?.expanded).toBe(true);
    const trimmed = plan({ ...EMPTY_VIEW, concept: 'hub', depth: 2, collapsed: ['part-0001', 'part-0002', 'top'], hidden: ['part-0000'] }, store);
    expect(trimmed.needs).toEqual([]);
    expect(trimmed.drawing.nodes.map((node) => node.id)).not.toContain('part-0000');
    expect(trimmed.drawing.hiddenCount).toBe(1);
  });

  it(`stops at ${MAX_NODES} concepts and says so`, () => {
    const store = hubStore(2500);
    for (let page = 0; page < 40; page++) {
      const loaded = store.loaded('hub', 'PART_OF', 'IN');
      const next = Array.from({ length: 100 }, (_, index) => relation('PART_OF', `part-${String(loaded.length + index).padStart(4, '0')}`, 'hub'));
      store.addPage('hub~PART_OF~IN', next);
    }
    const { drawing } = plan({ ...EMPTY_VIEW, concept: 'hub', more: { 'hub~PART_OF~IN': 100 } }, store);
    expect(drawing.truncated).toBe(true);
    expect(drawing.nodes.filter((node) => !node.more)).toHaveLength(MAX_NODES);
  });
});

describe('SVG export', () => {
  it('writes a standalone document with every concept, relation and label, text escaped', () => {
    const svg = drawingToSvg(
      [
        { id: 'a', label: 'Osteoblast', color: '#f28e2b', x: 0, y: 0, radius: 12, focus: true },
        { id: 'b', label: 'Bone <tissue> & "matrix"', color: '#59a14f', x: 100, y: 50, radius: 12, focus: false },
      ],
      [{ source: 'a', target: 'b', label: 'PRODUCES', highlighted: true }],
      'ossigraph',
    );
    expect(svg).toMatch(/^<\?xml[^>]*>\s*<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg.match(/<circle /g)).toHaveLength(2);
    expect(svg.match(/<line /g)).toHaveLength(1);
    expect(svg).toContain('Bone &#60;tissue&#62; &#38; &#34;matrix&#34;');
    expect(svg).toContain('marker-end="url(#arrow-hi)"');
  });
});
