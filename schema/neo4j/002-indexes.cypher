// Lookups the repositories run: listing by kind, matching ontology IDs.
CREATE INDEX concept_kind IF NOT EXISTS FOR (c:Concept) ON (c.kind, c.slug);
CREATE INDEX concept_xrefs IF NOT EXISTS FOR (c:Concept) ON (c.xrefs);
CREATE INDEX concept_name IF NOT EXISTS FOR (c:Concept) ON (c.name);
