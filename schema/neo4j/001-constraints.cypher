// Identity: one node per slug. Each statement is idempotent (IF NOT EXISTS).
CREATE CONSTRAINT concept_slug IF NOT EXISTS FOR (c:Concept) REQUIRE c.slug IS UNIQUE;
CREATE CONSTRAINT comparison_slug IF NOT EXISTS FOR (c:Comparison) REQUIRE c.slug IS UNIQUE;
CREATE CONSTRAINT aspect_key IF NOT EXISTS FOR (a:Aspect) REQUIRE a.key IS UNIQUE;
