import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { associationSlots } from '../src/graph/provenance.js';
import { seededApi } from './support/harness.js';

describe('provenance as Biolink association slots (pure)', () => {
  it('reads curation, articles, ontology files, inferences and publications from the sources', () => {
    expect(associationSlots(['curated'])).toEqual({ primaryKnowledgeSource: 'infores:ossigraph', knowledgeLevel: 'KNOWLEDGE_ASSERTION', agentType: 'MANUAL_AGENT', publications: [] });
    expect(associationSlots(['article:calcification-vs-ossification', 'DOID:1019'])).toMatchObject({ primaryKnowledgeSource: 'article:calcification-vs-ossification', agentType: 'MANUAL_AGENT' });
    expect(associationSlots(['obo:cl-basic.obo'])).toMatchObject({ primaryKnowledgeSource: 'infores:cl', knowledgeLevel: 'KNOWLEDGE_ASSERTION' });
    expect(associationSlots(['obo:go-import-hp.obo', 'obo:go-import-mondo.obo'])).toMatchObject({ primaryKnowledgeSource: 'infores:go' });
    // A curated edge an ontology also states stays ours, with the ontology beside it in `sources`.
    expect(associationSlots(['curated', 'obo:cl-basic.obo']).primaryKnowledgeSource).toBe('infores:ossigraph');
    expect(associationSlots(['inferred:is_a-closure'])).toMatchObject({ knowledgeLevel: 'LOGICAL_ENTAILMENT', agentType: 'AUTOMATED_AGENT' });
    expect(associationSlots(['curated', 'PMID:26365554']).publications).toEqual(['PMID:26365554']);
  });
});

describe('provenance in GraphQL', () => {
  let api: Awaited<ReturnType<typeof seededApi>>;
  beforeAll(async () => {
    api = await seededApi();
  });
  afterAll(async () => {
    await api?.close();
  });

  it('gives every relation its knowledge source, level and agent', async () => {
    const { body } = await api.query(`{ concept(slug: "osteoclast") { relations(direction: OUT, types: [DEVELOPS_FROM]) { edges { node {
      to { slug } sources evidence primaryKnowledgeSource knowledgeLevel agentType publications } } } } }`);
    const monocyte = body.data.concept.relations.edges.map((edge: any) => edge.node).find((node: any) => node.to.slug === 'monocyte');
    expect(monocyte).toMatchObject({ primaryKnowledgeSource: 'infores:ossigraph', knowledgeLevel: 'KNOWLEDGE_ASSERTION', agentType: 'MANUAL_AGENT', publications: [] });
    expect(monocyte.evidence).toBeTruthy();
  });
});
