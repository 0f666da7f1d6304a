// Exact lookups by name, alias or ontology ID (Query.search's first stage): each concept keeps
// its lower-cased keys in searchKeys, indexed whole (keyword analyzer), so "cell" finds the
// concept named "cell" however many names contain the word.
CREATE FULLTEXT INDEX concept_keys IF NOT EXISTS FOR (c:Concept) ON EACH [c.searchKeys] OPTIONS {indexConfig: {`fulltext.analyzer`: 'keyword'}};
// Graphs written before searchKeys existed; the same expression as setSearchKeys in
// src/graph/concepts.ts. Nothing to do once every concept has its keys.
MATCH (c:Concept) WHERE c.searchKeys IS NULL
CALL (c) { SET c.searchKeys = [k IN [c.name] + coalesce(c.aliases, []) + coalesce(c.xrefs, []) + CASE WHEN c.curie IS NULL THEN [] ELSE [c.curie] END | toLower(k)] } IN TRANSACTIONS OF 5000 ROWS;
