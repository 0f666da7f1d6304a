import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/config.js';
import { auditSeeds, readSharedSources, type SharedSources } from '../src/ingest/seed-audit.js';
import { readSeeds, type SeedGraph } from '../src/ingest/seeds.js';
import type { ConceptInput, RelationInput } from '../src/graph/writer.js';
import { SHARED_DIR } from './support/harness.js';

let shared: SharedSources;
beforeAll(async () => {
  shared = await readSharedSources(SHARED_DIR);
}, 60_000);

const concept = (slug: string, name: string, xrefs: string[] = [], aliases: string[] = []): ConceptInput => ({
  slug, name, kind: 'CELL', definition: null, aliases, xrefs, sources: ['curated'],
});
const relation = (from: string, type: RelationInput['type'], to: string, sources: string[], evidence: string | null = null): RelationInput => ({
  from, type, to, sources, evidence,
});
const graph = (relations: RelationInput[], concepts: ConceptInput[] = CONCEPTS): SeedGraph => ({ concepts, relations, comparisons: [] });

const CONCEPTS = [
  concept('osteoclast', 'Osteoclast', ['CL:0000092']),
  concept('monocyte', 'Monocyte', ['CL:0000576']),
  concept('bone-resorption', 'Bone resorption', ['GO:0045453']),
  concept('osteoblast', 'Osteoblast', ['CL:0000062']),
  concept('mesenchymal-cell', 'Mesenchymal cell', ['CL:0008019']),
  concept('ossification', 'Ossification', ['GO:0001503']),
  concept('endochondral-ossification', 'Endochondral ossification', ['GO:0001958']),
  concept('osteoporosis', 'Osteoporosis', ['DOID:11476']),
  concept('bone', 'Bone', ['UBERON:0002481'], ['bone tissue']),
];

describe('the seeds against the shared sources', () => {
  it('finds nothing to mend in the curated seeds', async () => {
    const seeds = await readSeeds(path.join(PROJECT_ROOT, 'seeds'));
    expect(auditSeeds(seeds, shared)).toEqual([]);
  });

  it('accepts a cited term whose axiom states the relation, directly or up its is_a chain', () => {
    const findings = auditSeeds(
      graph([
        relation('osteoclast', 'DEVELOPS_FROM', 'monocyte', ['CL:0000092', 'CL:0000576', 'curated']),
        relation('endochondral-ossification', 'IS_A', 'ossification', ['GO:0001958', 'curated']),
      ]),
      shared,
    );
    expect(findings).toEqual([]);
  });

  it('accepts a cited term whose definition names the other end', () => {
    expect(auditSeeds(graph([relation('osteoclast', 'CAPABLE_OF', 'bone-resorption', ['GO:0045453', 'curated'])]), shared)).toEqual([]);
  });

  it('refuses a cited term that states nothing about the relation', () => {
    const findings = auditSeeds(graph([relation('osteoblast', 'DEVELOPS_FROM', 'mesenchymal-cell', ['CL:0000062'])]), shared);
    expect(findings).toEqual([expect.stringMatching(/cites CL:0000062, which states nothing about mesenchymal-cell/)]);
  });

  it('refuses a cited term that belongs to neither end, and an ID that is not in the files', () => {
    const findings = auditSeeds(
      graph(
        [relation('osteoblast', 'DEVELOPS_FROM', 'mesenchymal-cell', ['CL:0000092'])],
        [...CONCEPTS, concept('made-up', 'Made up', ['CL:9999999'])],
      ),
      shared,
    );
    expect(findings).toEqual([
      expect.stringMatching(/made-up: CL:9999999 is not a term of the shared ontology files/),
      expect.stringMatching(/cites CL:0000092, which is the term of neither osteoblast nor mesenchymal-cell/),
    ]);
  });

  it('refuses an article cited for a concept only its list of related comparisons names', () => {
    const findings = auditSeeds(graph([relation('osteoporosis', 'AFFECTS', 'bone', ['article:calcification-vs-ossification', 'DOID:11476'])]), shared);
    expect(findings).toEqual([expect.stringMatching(/whose text never names osteoporosis \(a related comparison's title is not a source\)/)]);
  });

  it('asks for the citation when a shared ontology states a relation resting on curation alone', () => {
    const findings = auditSeeds(graph([relation('osteoclast', 'DEVELOPS_FROM', 'monocyte', ['curated'])]), shared);
    expect(findings).toEqual([expect.stringMatching(/CL:0000092 and CL:0000576 state this relation; cite them among its sources/)]);
  });

  it('finds eight words in a row taken from the article or an ontology definition', () => {
    const copied = relation('osteoclast', 'DEVELOPS_FROM', 'monocyte', ['CL:0000092', 'CL:0000576'], 'They direct the deposition of calcium and other minerals into the matrix.');
    const own = relation('osteoblast', 'IS_A', 'mesenchymal-cell', ['curated'], 'Osteoblasts lay calcium-bearing mineral down in the matrix they have secreted.');
    const findings = auditSeeds(graph([copied, own], [...CONCEPTS.slice(0, 3), { ...CONCEPTS[3]!, definition: 'Skeletogenic cell that secretes osteoid, is capable of producing bone.' }, CONCEPTS[4]!]), shared);
    expect(findings).toEqual([
      expect.stringMatching(/osteoblast: definition follows a source's wording for 8\+ words: "skeletogenic cell that secretes osteoid is capable of"/),
      expect.stringMatching(/evidence follows a source's wording for 8\+ words: "direct the deposition of calcium and other minerals"/),
    ]);
  });
});
