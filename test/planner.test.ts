import neo4j from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededApi } from './support/harness.js';

/**
 * The Cypher the server sends for a query shape, pinned: a change to the planner, the page
 * query or the projection shows up here as a diff of statements and parameters to review.
 */
let api: Awaited<ReturnType<typeof seededApi>>;
beforeAll(async () => {
  api = await seededApi();
});
afterAll(async () => {
  await api?.close();
});

const plain = (value: unknown): unknown =>
  neo4j.isInt(value)
    ? `int(${value.toString()})`
    : Array.isArray(value)
      ? value.map(plain)
      : value && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, plain(entry)]))
        : value;

async function statementsFor(query: string) {
  const sent: { cypher: string; params: unknown }[] = [];
  const stop = api.db.onStatement((cypher, params) => sent.push({ cypher: cypher.replace(/[ \t]+$/gm, ''), params: plain(params) }));
  try {
    const { body } = await api.query(query);
    expect(body.errors).toBeUndefined();
  } finally {
    stop();
  }
  return sent;
}

const SHAPES: Record<string, string> = {
  'one level, one type, names only': '{ concept(slug: "osteoblast") { name relations(direction: OUT, types: [CAPABLE_OF], first: 5) { edges { node { to { slug name } } } } } }',
  'two levels, the signature traversal': `{ concept(slug: "osteoblast") { relations(direction: OUT, types: [CAPABLE_OF]) { edges { node { type to {
    slug relations(direction: OUT, types: [PRODUCES]) { edges { node { type to { slug } } } } } } } } } }`,
  'both directions, every type, provenance, a total and a cursor': `{ concept(slug: "bone") { relations(first: 2, after: "${Buffer.from('relation:AFFECTS|in|osteopenia|').toString('base64url')}") {
    totalCount pageInfo { hasNextPage } edges { cursor node { type evidence sources from { slug } to { slug definition } } } } } }`,
  'two aliases of one field': '{ concept(slug: "ossification") { a: relations(direction: IN, first: 3) { edges { node { from { name } } } } b: relations(direction: OUT, first: 3) { edges { node { to { kind } } } } } }',
  'related topics with the concept they are related to, in one statement': '{ concept(slug: "osteoblast") { name related(first: 5) { score reasons topic { ... on Concept { slug kind } ... on Comparison { title } } } } }',
  'search: exact and prefix matches by index seeks, full text only for what they leave': '{ search(query: "osteo", first: 5) { concept { slug } matchedOn } }',
  'search for names only: no definitions or lists read': '{ search(query: "bone", first: 5) { score concept { slug name } } }',
  'a shortest path, names only: no relations read': '{ path(from: "osteoblast", to: "bone") { length concepts { slug name } } }',
};

describe('Cypher the planner generates', () => {
  for (const [shape, query] of Object.entries(SHAPES)) {
    it(shape, async () => {
      expect(await statementsFor(query)).toMatchSnapshot();
    });
  }
});
