// The change log every server instance reads (Subscription.graphChanged): one node per
// write, numbered by the one ChangeLog counter, which each writing transaction locks.
CREATE CONSTRAINT change_seq IF NOT EXISTS FOR (c:Change) REQUIRE c.seq IS UNIQUE;
CREATE CONSTRAINT change_log_id IF NOT EXISTS FOR (l:ChangeLog) REQUIRE l.id IS UNIQUE;
