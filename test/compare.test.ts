import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareProfiles, type ConceptProfile } from '../src/graph/concept-comparison.js';
import type { ConceptRow } from '../src/graph/concepts.js';
import { seededApi } from './support/harness.js';

const concept = (slug: string, name: string, kind: ConceptRow['kind']): ConceptRow => ({ slug, name, kind, definition: null, aliases: [], xrefs: [], sources: [] });

describe('compareProfiles', () => {
  const cellA = concept('cell-a', 'Cell A', 'CELL');
  const cellB = concept('cell-b', 'Cell B', 'CELL');
  const profile = (self: ConceptRow, neighbours: ConceptProfile['neighbours'], extra: Partial<ConceptProfile> = {}): ConceptProfile => ({
    concept: self,
    neighbours,
    degree: neighbours.reduce<Record<string, number>>((counts, n) => {
      const key = `${n.out ? 'OUT' : 'IN'}:${n.type}`;
      return { ...counts, [key]: (counts[key] ?? 0) + 1 };
    }, {}),
    ancestors: [],
    ...extra,
  });

  it('shares what both have, differs on the rest, and counts a hub\'s unlisted relations as "N more"', () => {
    const bone = { slug: 'bone', name: 'Bone' };
    const result = compareProfiles(
      profile(cellA, [{ type: 'LOCATED_IN', out: true, ...bone }, { type: 'PRODUCES', out: true, slug: 'x', name: 'X' }], { degree: { 'OUT:LOCATED_IN': 1, 'OUT:PRODUCES': 9 } }),
      profile(cellB, [{ type: 'LOCATED_IN', out: true, ...bone }]),
    );
    expect(result.shared.map((fact) => fact.sentence)).toEqual(['Cell A and cell B are both located in bone.']);
    expect(result.differences.map((fact) => fact.sentence)).toEqual(['Cell A produces X and 8 more; the graph records nothing of the sort for cell B.']);
    expect(result.aspects).toContainEqual({ name: 'Produces', values: ['X and 8 more', '—'] });
    expect(result.reasons[0]).toBe('1 of 2 related concepts in common');
  });

  it('keeps a relation between the two out of the facts and says it in a sentence of its own', () => {
    const result = compareProfiles(
      profile(cellA, [{ type: 'DEVELOPS_FROM', out: true, slug: 'cell-b', name: 'Cell B' }]),
      profile(cellB, [{ type: 'DEVELOPS_FROM', out: false, slug: 'cell-a', name: 'Cell A' }]),
    );
    expect(result.shared).toEqual([]);
    expect(result.differences).toEqual([]);
    expect(result.sentences).toEqual(['Cell A and cell B are both cells.', 'Cell A develops from cell B.']);
  });

  it('finds the nearest common ancestor, one of the two included, and scores kinds apart', () => {
    const process = concept('p', 'Process P', 'PROCESS');
    const result = compareProfiles(
      profile(cellA, [], { ancestors: [{ slug: 'top', name: 'Top', distance: 2 }, { slug: 'cell-b', name: 'Cell B', distance: 1 }] }),
      profile(cellB, [], { ancestors: [{ slug: 'top', name: 'Top', distance: 1 }] }),
    );
    expect(result.commonAncestor).toEqual({ slug: 'cell-b', name: 'Cell B', distances: [1, 0] });
    const apart = compareProfiles(profile(cellA, []), profile(process, []));
    expect(apart.commonAncestor).toBeNull();
    expect(apart.sentences[0]).toBe('Cell A is a cell, whereas process P is a process.');
    expect(apart.similarity).toBe(0);
    expect(result.similarity).toBeGreaterThan(apart.similarity);
  });
});

describe('Query.compare on the curated graph', () => {
  let api: Awaited<ReturnType<typeof seededApi>>;
  beforeAll(async () => {
    api = await seededApi();
  });
  afterAll(async () => {
    await api?.close();
  });

  const compare = (a: string, b: string) =>
    api.query(`query($a: String!, $b: String!) { compare(a: $a, b: $b) { title generated curated { slug } concepts { slug }
      aspects { name values } shared { name direction sentence both { slug } } differences { name sentence onlyFirst { slug } onlySecond { slug } }
      commonAncestor { concept { slug } distances } similarity reasons sentences summary } }`, { a, b });

  it('builds a comparison any two concepts from the graph, told in sentences', async () => {
    const { body } = await compare('rankl', 'osteoprotegerin');
    expect(body.errors).toBeUndefined();
    const result = body.data.compare;
    expect(result).toMatchObject({ title: 'RANKL vs Osteoprotegerin', generated: true, curated: null });
    expect(result.aspects.slice(0, 1)).toEqual([{ name: 'Kind', values: ['Gene product', 'Gene product'] }]);
    expect(result.aspects).toContainEqual({ name: 'Produced by', values: ['osteoblast and osteocyte', 'osteoblast'] });
    expect(result.shared).toEqual([{ name: 'Produced by', direction: 'IN', sentence: 'RANKL and osteoprotegerin are both produced by osteoblast.', both: [{ slug: 'osteoblast' }] }]);
    expect(result.differences.map((fact: any) => [fact.name, fact.onlyFirst.map((c: any) => c.slug), fact.onlySecond.map((c: any) => c.slug)])).toContainEqual(
      ['Promotes', ['osteoclast-differentiation'], []],
    );
    expect(result.summary).toBe('RANKL and osteoprotegerin are both gene products. RANKL is affected by osteoprotegerin. RANKL and osteoprotegerin are both produced by osteoblast.');
    expect(result.similarity).toBeGreaterThan(0);
    expect(result.similarity).toBeLessThan(1);
  });

  it('pins a table of pairs to their first sentences', async () => {
    const pairs = [
      ['osteoclast', 'osteoblast'],
      ['rickets', 'osteomalacia'],
      ['denosumab', 'alendronate'],
      ['rankl', 'osteoprotegerin'],
      ['bone', 'cartilage'],
    ];
    const told: Record<string, string[]> = {};
    for (const [a, b] of pairs) {
      const { body } = await compare(a!, b!);
      expect(body.errors).toBeUndefined();
      told[`${a} vs ${b}`] = body.data.compare.sentences.slice(0, 4);
    }
    expect(told).toEqual({
      'osteoclast vs osteoblast': [
        'Osteoclast and osteoblast are both cells.',
        'Osteoclast and osteoblast are both located in bone.',
        'Osteoclast develops from macrophage and monocyte, whereas osteoblast develops from mesenchymal cell and preosteoblast.',
        'Osteoblast gives rise to osteocyte; the graph records nothing of the sort for osteoclast.',
      ],
      'rickets vs osteomalacia': [
        'Rickets and osteomalacia are both diseases.',
        'Rickets and osteomalacia are both a kind of bone remodeling disease.',
        'Rickets and osteomalacia both affect bone mineralization.',
        'Rickets and osteomalacia are both affected by vitamin D.',
      ],
      'denosumab vs alendronate': [
        'Denosumab and alendronate are both drugs.',
        'Alendronate is a kind of bisphosphonate; the graph records nothing of the sort for denosumab.',
        'Denosumab affects osteoporosis and RANKL; the graph records nothing of the sort for alendronate.',
        'Denosumab inhibits osteoclast differentiation; the graph records nothing of the sort for alendronate.',
      ],
      'rankl vs osteoprotegerin': [
        'RANKL and osteoprotegerin are both gene products.',
        'RANKL is affected by osteoprotegerin.',
        'RANKL and osteoprotegerin are both produced by osteoblast.',
        'RANKL is produced by osteocyte; the graph records nothing of the sort for osteoprotegerin.',
      ],
      'bone vs cartilage': [
        'Bone and cartilage are both tissues.',
        'Bone and cartilage both include lacuna.',
        'Bone and cartilage are both the site of ossification.',
        'Bone and cartilage are both affected by osteoarthritis.',
      ],
    });
  });

  it('returns the curated comparison when one exists, its table in the order asked', async () => {
    const forward = (await compare('calcification', 'ossification')).body.data.compare;
    const backward = (await compare('ossification', 'calcification')).body.data.compare;
    expect(forward).toMatchObject({ generated: false, curated: { slug: 'calcification-vs-ossification' }, title: 'Calcification vs Ossification' });
    expect(backward).toMatchObject({ generated: false, title: 'Ossification vs Calcification' });
    expect(backward.aspects.map((aspect: any) => aspect.values)).toEqual(forward.aspects.map((aspect: any) => [...aspect.values].reverse()));
    expect(forward.summary).toMatch(/^Calcification is the hardening/);
    expect(forward.shared.map((fact: any) => fact.sentence)).toContain('Calcification and ossification both occur in bone.');
  });

  it('takes ontology IDs, names and aliases as well as slugs', async () => {
    const { body } = await compare('CL:0000062', 'Osteocytes');
    expect(body.data.compare.concepts).toEqual([{ slug: 'osteoblast' }, { slug: 'osteocyte' }]);
  });

  it('refuses the same concept twice, an unknown one and a blank one, naming the argument', async () => {
    const same = await compare('osteoblast', 'CL:0000062');
    expect(same.body.errors?.[0]).toMatchObject({ message: 'b: names the same concept as a (osteoblast); compare two different concepts', extensions: { code: 'BAD_USER_INPUT', argument: 'b' } });
    const unknown = await compare('no-such-thing', 'bone');
    expect(unknown.body.errors?.[0]).toMatchObject({ message: 'a: no concept has the slug, name, alias or ontology ID "no-such-thing"', extensions: { argument: 'a' } });
    const blank = await compare('bone', ' ');
    expect(blank.body.errors?.[0]?.extensions).toMatchObject({ argument: 'b' });
  });
});
