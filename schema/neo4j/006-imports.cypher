// Progress of imports (Subscription.importProgress): one node per run, updated in
// transactions of its own while the import's own transaction is still open.
CREATE CONSTRAINT import_id IF NOT EXISTS FOR (i:Import) REQUIRE i.id IS UNIQUE;
