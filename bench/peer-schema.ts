import { RELATION_TYPE_NAMES } from '../src/graph/vocabulary.js';

/**
 * The peer's schema: what a user of the Neo4j GraphQL Library would write for this graph —
 * generated relationship fields for traversals, and @cypher fields holding the Cypher one
 * would write by hand for search, shortest path and related concepts (full-text,
 * shortestPath, Adamic–Adar over common neighbours).
 */

/** IS_A → isA, DEVELOPS_FROM → developsFrom: one outgoing field per relation type. */
export const peerField = (type: string) => type.toLowerCase().replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());

export const PEER_TYPE_DEFS = /* GraphQL */ `
  type Concept @node(labels: ["Concept"]) {
    slug: String!
    name: String!
    kind: String!
    ${RELATION_TYPE_NAMES.map((type) => `${peerField(type)}: [Concept!]! @relationship(type: "${type}", direction: OUT)`).join('\n    ')}
    subtypes: [Concept!]! @relationship(type: "IS_A", direction: IN)
    related(first: Int = 10): [Concept!]!
      @cypher(
        statement: """
        MATCH (this)--(z:Concept)--(y:Concept) WHERE y <> this
        WITH y, z, COUNT { (z)--() } AS degree
        WITH y, sum(1.0 / log(2 + degree)) AS score ORDER BY score DESC, y.slug LIMIT $first
        RETURN y
        """
        columnName: "y"
      )
  }
  type Query {
    searchConcepts(query: String!, first: Int = 10): [Concept!]!
      @cypher(
        statement: "CALL db.index.fulltext.queryNodes('concept_text', $query, {limit: $first}) YIELD node RETURN node"
        columnName: "node"
      )
    shortestPath(from: String!, to: String!): [Concept!]!
      @cypher(
        statement: "MATCH p = shortestPath((a:Concept {slug: $from})-[*..6]-(b:Concept {slug: $to})) UNWIND nodes(p) AS n RETURN n"
        columnName: "n"
      )
  }
`;

