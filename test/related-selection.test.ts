import { describe, expect, it } from 'vitest';
import { followedHops, RANKING_BOUNDS, selectFirst, type FirstHop } from '../src/graph/related-ranking.js';

/**
 * The selections the ranking in memory makes in place of sorts (pure logic; related-memory.test.ts
 * and ontology-scale.test.ts check whole rankings against Neo4j's): they must pick exactly what
 * Neo4j's ORDER BY … LIMIT picks.
 */
const byNumber = (a: number, b: number) => a < b;

describe('selectFirst', () => {
  it('gives the first k in order, whatever order they come in', () => {
    expect(selectFirst([5, 3, 9, 1, 7, 2], 3, byNumber)).toEqual([1, 2, 3]);
    expect(selectFirst([1, 2, 3, 4], 2, byNumber)).toEqual([1, 2]);
    expect(selectFirst([4, 3, 2, 1], 2, byNumber)).toEqual([1, 2]);
  });

  it('gives all of fewer than k, in order, and none for k of 0', () => {
    expect(selectFirst([3, 1, 2], 10, byNumber)).toEqual([1, 2, 3]);
    expect(selectFirst([3, 1, 2], 0, byNumber)).toEqual([]);
    expect(selectFirst([], 3, byNumber)).toEqual([]);
  });

  it('keeps the earlier of two equal items, as a stable sort would', () => {
    const items = [
      { key: 1, name: 'a' },
      { key: 0, name: 'b' },
      { key: 1, name: 'c' },
    ];
    expect(selectFirst(items, 2, (a, b) => a.key < b.key).map((item) => item.name)).toEqual(['b', 'a']);
  });
});

const hop = (slug: string, degree: number, type: FirstHop['type'] = 'IS_A', out = true): FirstHop => ({ type, out, z: 0, slug, degree });
/** What Neo4j follows: ORDER BY degree, slug, type, direction; the first `expanded`, then those with at most `secondHop` relations. */
function followedBySort(hop1: FirstHop[], bounds = RANKING_BOUNDS): string[] {
  const order = (a: FirstHop, b: FirstHop) => a.degree - b.degree || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0) || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0) || Number(a.out) - Number(b.out);
  return [...hop1].sort(order).slice(0, bounds.expanded).filter((h) => h.degree <= bounds.secondHop).map((h) => `${h.slug} ${h.type} ${h.out}`).sort();
}
const followed = (hop1: FirstHop[], bounds = RANKING_BOUNDS) => followedHops(hop1, bounds).map((at) => `${hop1[at]!.slug} ${hop1[at]!.type} ${hop1[at]!.out}`).sort();

describe('followedHops', () => {
  it('follows every neighbour when fewer than the bound may be followed, none above secondHop', () => {
    const hop1 = [hop('a', 3), hop('b', 65), hop('c', 1), hop('d', 64), hop('e', 200)];
    expect(followed(hop1)).toEqual(['a IS_A true', 'c IS_A true', 'd IS_A true']);
    expect(followed(hop1)).toEqual(followedBySort(hop1));
  });

  it('breaks a tie at the bound by slug, then type, then direction', () => {
    const bounds = { ...RANKING_BOUNDS, expanded: 3 };
    const hop1 = [hop('z', 2), hop('m', 2, 'PART_OF'), hop('m', 2, 'IS_A', false), hop('m', 2, 'IS_A', true), hop('a', 1)];
    expect(followed(hop1, bounds)).toEqual(['a IS_A true', 'm IS_A false', 'm IS_A true']);
    expect(followed(hop1, bounds)).toEqual(followedBySort(hop1, bounds));
  });

  it('picks what the sort picks on a hub of neighbours with many equal degrees', () => {
    // A fixed pseudo-random hub: 200 neighbours, degrees 1 to 80, slugs repeating.
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const hop1 = Array.from({ length: 200 }, (_, i) => hop(`n${next() % 60}`, 1 + (next() % 80), i % 2 ? 'IS_A' : 'PART_OF', next() % 2 === 0));
    expect(followed(hop1)).toEqual(followedBySort(hop1));
    expect(followed(hop1)).toHaveLength(RANKING_BOUNDS.expanded);
  });
});
