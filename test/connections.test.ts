import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metapathOf, pathScore, rankConnections } from '../src/graph/connections.js';
import type { ConceptRow } from '../src/graph/concepts.js';
import type { PathResult } from '../src/graph/paths.js';
import type { RelationType } from '../src/graph/vocabulary.js';
import { seededApi } from './support/harness.js';

const c = (slug: string, kind: ConceptRow['kind'] = 'CELL'): ConceptRow => ({ slug, name: slug, kind, definition: null, aliases: [], xrefs: [], sources: [] });
/** A path from `steps`: [from, type, to] triples walked in order (to/from may be swapped to walk a relation backwards). */
function path(concepts: ConceptRow[], relations: [string, RelationType, string][]): PathResult {
  const bySlug = new Map(concepts.map((concept) => [concept.slug, concept]));
  return {
    concepts,
    relations: relations.map(([from, type, to]) => ({ type, from: bySlug.get(from)!, to: bySlug.get(to)!, predicate: null, key: `${type}|${from}|${to}|` })),
  };
}

describe('degree-weighted path scores and metapaths', () => {
  const a = c('a');
  const hub = c('hub', 'PROCESS');
  const quiet = c('quiet', 'PROCESS');
  const b = c('b', 'TISSUE');
  const viaHub = path([a, hub, b], [['a', 'CAPABLE_OF', 'hub'], ['hub', 'PRODUCES', 'b']]);
  const viaQuiet = path([a, quiet, b], [['a', 'CAPABLE_OF', 'quiet'], ['quiet', 'PRODUCES', 'b']]);
  const degree = (slug: string) => (slug === 'hub' ? 10_000 : 2);

  it('scores a path through a hub below one through a concept with few relations', () => {
    expect(pathScore(viaHub, degree)).toBeLessThan(pathScore(viaQuiet, degree) / 10);
    expect(pathScore(viaQuiet, () => 1)).toBe(1);
  });

  it('names the pattern by kinds and types, arrows as the relations are stored', () => {
    expect(metapathOf(viaHub)).toBe('CELL -CAPABLE_OF-> PROCESS -PRODUCES-> TISSUE');
    const backwards = path([b, hub, a], [['hub', 'PRODUCES', 'b'], ['a', 'CAPABLE_OF', 'hub']]);
    expect(metapathOf(backwards)).toBe('TISSUE <-PRODUCES- PROCESS <-CAPABLE_OF- CELL');
  });

  it('ranks paths by score and groups them by pattern with a count and a summed score', () => {
    const result = rankConnections([viaHub, viaQuiet], degree, 1);
    expect(result.totalPaths).toBe(2);
    expect(result.paths.map((p) => p.concepts[1]!.slug)).toEqual(['quiet']);
    expect(result.paths[0]!.explanation).toBe('A is capable of quiet, which produces b.');
    expect(result.patterns).toHaveLength(1);
    expect(result.patterns[0]).toMatchObject({ pattern: 'CELL -CAPABLE_OF-> PROCESS -PRODUCES-> TISSUE', count: 2 });
    expect(result.patterns[0]!.score).toBeCloseTo(pathScore(viaHub, degree) + pathScore(viaQuiet, degree), 5);
  });
});

describe('Query.connections on the curated graph', () => {
  let api: Awaited<ReturnType<typeof seededApi>>;
  beforeAll(async () => {
    api = await seededApi();
  });
  afterAll(async () => {
    await api?.close();
  });

  it('ranks the paths from osteoblast to bone and groups every one of them by pattern', async () => {
    const { body } = await api.query(`{ connections(from: "osteoblast", to: "bone", maxDepth: 3, first: 50) {
      totalPaths truncated paths { score length pattern explanation concepts { slug } relations { type } } patterns { pattern count score example } } }`);
    expect(body.errors).toBeUndefined();
    const { totalPaths, truncated, paths, patterns } = body.data.connections;
    expect(truncated).toBe(false);
    expect(paths.length).toBe(Math.min(50, totalPaths));
    const scores = paths.map((p: any) => p.score);
    expect(scores).toEqual([...scores].sort((x, y) => y - x));
    for (const p of paths) {
      expect(p.concepts[0].slug).toBe('osteoblast');
      expect(p.concepts.at(-1).slug).toBe('bone');
      expect(new Set(p.concepts.map((x: any) => x.slug)).size).toBe(p.concepts.length);
      expect(p.length).toBeLessThanOrEqual(3);
      expect(p.explanation).toMatch(/^Osteoblast .* bone\.$/);
    }
    expect(patterns.reduce((sum: number, p: any) => sum + p.count, 0)).toBe(totalPaths);
    expect(patterns.map((p: any) => p.pattern)).toContain('CELL -CAPABLE_OF-> PROCESS -PRODUCES-> TISSUE');
    expect(paths.map((p: any) => p.explanation)).toContain('Osteoblast is capable of ossification, which produces bone.');
  });

  it('follows only the types asked for', async () => {
    const { body } = await api.query('{ connections(from: "osteoblast", to: "bone", types: [CAPABLE_OF, PRODUCES]) { paths { relations { type } } } }');
    for (const p of body.data.connections.paths) for (const r of p.relations) expect(['CAPABLE_OF', 'PRODUCES']).toContain(r.type);
    expect(body.data.connections.paths.length).toBeGreaterThan(0);
  });

  it('refuses the same concept twice, an unknown one and a depth out of range, naming the argument', async () => {
    const same = await api.query('{ connections(from: "bone", to: "Bone") { totalPaths } }');
    expect(same.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'to' });
    const unknown = await api.query('{ connections(from: "bone", to: "nothing-like-it") { totalPaths } }');
    expect(unknown.body.errors?.[0]?.extensions).toMatchObject({ argument: 'to' });
    const deep = await api.query('{ connections(from: "bone", to: "osteoblast", maxDepth: 5) { totalPaths } }');
    expect(deep.body.errors?.[0]?.message).toBe('maxDepth: must be between 1 and 4, got 5');
  });
});
