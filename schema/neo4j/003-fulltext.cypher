// Search over names, aliases and definitions (Query.search).
CREATE FULLTEXT INDEX concept_text IF NOT EXISTS FOR (c:Concept) ON EACH [c.name, c.aliases, c.definition];
