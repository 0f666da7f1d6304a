import type { Database } from '../db/database.js';
import { buildSnapshot, recommendForComparison, recommendForConcept, type GraphSnapshot, type RankedTopic } from './recommend.js';
import { RELATION_TYPE_NAMES, type RelationType } from './vocabulary.js';

/** How often, at most, the graph is asked whether it changed since the snapshot was taken. */
const FRESHNESS_CHECK_MS = 5_000;

/**
 * Serves recommendations from an in-memory snapshot of the graph's structure (slugs, names,
 * typed relations, comparisons), so each answer takes milliseconds however large the graph.
 * The snapshot is dropped when this process writes, and rebuilt when a cheap fingerprint
 * (counts of nodes and relationships) shows that another process (an import) changed the graph.
 */
export class RecommendationRepository {
  private snapshot: Promise<{ graph: GraphSnapshot; fingerprint: string }> | null = null;
  private checkedAt = 0;

  constructor(private readonly db: Database) {}

  invalidate(): void {
    this.snapshot = null;
  }

  async forConcept(slug: string, first: number): Promise<RankedTopic[]> {
    return recommendForConcept(await this.graph(), slug, first);
  }

  async forComparison(slug: string, first: number): Promise<RankedTopic[]> {
    return recommendForComparison(await this.graph(), slug, first);
  }

  private async fingerprint(): Promise<string> {
    const [row] = await this.db.read<{ nodes: number; relationships: number }>(
      'CALL { MATCH (n) RETURN count(n) AS nodes } CALL { MATCH ()-[r]->() RETURN count(r) AS relationships } RETURN nodes, relationships',
    );
    return `${row?.nodes}:${row?.relationships}`;
  }

  private async graph(): Promise<GraphSnapshot> {
    if (this.snapshot && Date.now() - this.checkedAt > FRESHNESS_CHECK_MS) {
      this.checkedAt = Date.now();
      const current = await this.snapshot;
      if ((await this.fingerprint()) !== current.fingerprint) this.snapshot = null;
    }
    if (!this.snapshot) {
      this.checkedAt = Date.now();
      this.snapshot = this.load().catch((error: unknown) => {
        this.snapshot = null;
        throw error;
      });
    }
    return (await this.snapshot).graph;
  }

  private async load(): Promise<{ graph: GraphSnapshot; fingerprint: string }> {
    const fingerprint = await this.fingerprint();
    const [concepts, relations, comparisons] = await Promise.all([
      this.db.read<{ slug: string; name: string }>('MATCH (c:Concept) RETURN c.slug AS slug, c.name AS name'),
      this.db.read<{ from: string; type: RelationType; to: string }>(
        'MATCH (a:Concept)-[r]->(b:Concept) WHERE type(r) IN $types RETURN a.slug AS from, type(r) AS type, b.slug AS to',
        { types: RELATION_TYPE_NAMES },
      ),
      this.db.read<{ slug: string; title: string; concepts: [number, string][]; related: string[] }>(
        `MATCH (cmp:Comparison)
         RETURN cmp.slug AS slug, cmp.title AS title,
                [(cmp)-[k:COMPARES]->(c:Concept) | [k.position, c.slug]] AS concepts,
                [(cmp)-[:RELATED_TO]->(other:Comparison) | other.slug] AS related`,
      ),
    ]);
    const graph = buildSnapshot({
      concepts,
      relations,
      comparisons: comparisons.map((row) => ({ ...row, concepts: [...row.concepts].sort((a, b) => a[0] - b[0]).map(([, slug]) => slug) })),
    });
    return { graph, fingerprint };
  }
}
