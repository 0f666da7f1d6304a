// Names by their beginning (Query.search's prefix stage): each concept keeps its lower-cased
// name in nameKey, range-indexed, so "bone" finds "bone marrow" by an index seek, without the
// full-text index, however large the graph.
CREATE INDEX concept_name_key IF NOT EXISTS FOR (c:Concept) ON (c.nameKey);
// Graphs written before nameKey existed; the same expression as setSearchKeys in
// src/graph/concepts.ts. Nothing to do once every concept has it.
MATCH (c:Concept) WHERE c.nameKey IS NULL
CALL (c) { SET c.nameKey = toLower(c.name) } IN TRANSACTIONS OF 5000 ROWS;
