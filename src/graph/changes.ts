import { Repeater } from '@repeaterjs/repeater';
import { int, run, type Database, type Tx } from '../db/database.js';

/**
 * The change log: every write (a mutation, a seed run, an import, from any server instance
 * or the CLI) adds a Change in the same transaction, numbered by one counter, so the log
 * commits with the change or not at all and every instance reads the same order. Servers
 * follow it (ChangeFeed) to tell subscribed clients that the graph changed.
 */

export const CHANGE_ENTITIES = ['CONCEPT', 'RELATION', 'COMPARISON', 'GRAPH'] as const;
export type ChangeEntity = (typeof CHANGE_ENTITIES)[number];
export const CHANGE_ACTIONS = ['CREATED', 'UPDATED', 'DELETED', 'IMPORTED'] as const;
export type ChangeAction = (typeof CHANGE_ACTIONS)[number];

export interface ChangeRow {
  seq: number;
  /** ISO 8601, when the change committed (the database's clock). */
  at: string;
  entity: ChangeEntity;
  action: ChangeAction;
  /** The slug, "from TYPE to" for a relation, or what an import read. */
  key: string;
  /** Who wrote: api, seed, import-obo, import-article. */
  source: string;
  summary: string | null;
}

/** Changes kept; older ones are dropped as new ones come (a client further behind re-reads the graph). */
export const CHANGES_KEPT = 10_000;

/** Records one change inside the writing transaction; returns its number. */
export async function recordChange(tx: Tx, change: Omit<ChangeRow, 'seq' | 'at'>): Promise<number> {
  const [row] = await run<{ seq: number }>(
    tx,
    `MERGE (log:ChangeLog {id: 'graph'}) ON CREATE SET log.seq = 0
     SET log.seq = log.seq + 1
     CREATE (c:Change {seq: log.seq, at: toString(datetime()), entity: $entity, action: $action, key: $key, source: $source, summary: $summary})
     WITH log
     CALL (log) {
       MATCH (old:Change) WHERE old.seq <= log.seq - $kept
       WITH old LIMIT 100
       DETACH DELETE old
     }
     RETURN log.seq AS seq`,
    { ...change, kept: int(CHANGES_KEPT) },
  );
  return Number(row!.seq);
}

const CHANGE_RETURN = 'c.seq AS seq, c.at AS at, c.entity AS entity, c.action AS action, c.key AS key, c.source AS source, c.summary AS summary';

export class ChangeLog {
  constructor(private readonly db: Database) {}

  /** The number of the last change, 0 when there is none. */
  async latest(): Promise<number> {
    const [row] = await this.db.read<{ seq: number | null }>("OPTIONAL MATCH (log:ChangeLog {id: 'graph'}) RETURN log.seq AS seq");
    return Number(row?.seq ?? 0);
  }

  /** Changes after `seq`, oldest first, at most `limit`. */
  async since(seq: number, limit = 500): Promise<ChangeRow[]> {
    const rows = await this.db.read<ChangeRow>(`MATCH (c:Change) WHERE c.seq > $seq RETURN ${CHANGE_RETURN} ORDER BY c.seq LIMIT $limit`, {
      seq: int(seq),
      limit: int(limit),
    });
    return rows.map((row) => ({ ...row, seq: Number(row.seq) }));
  }
}

/** How often a server looks for new changes while someone is subscribed. */
export const CHANGE_POLL_MS = 250;

/**
 * One follower of the log per server process, polling only while someone listens, handing
 * each change to every subscriber in order. A subscriber that asks for changes after a
 * number gets those first (as far as the log keeps them).
 */
export class ChangeFeed {
  private readonly listeners = new Set<(change: ChangeRow) => void>();
  private last = 0;
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;

  constructor(
    private readonly log: ChangeLog,
    private readonly pollMs = CHANGE_POLL_MS,
  ) {}

  /**
   * Changes from the moment of the call (after `after`, when given), until the consumer
   * stops. The starting point is taken now, not when the consumer first pulls, so nothing
   * committed in between is missed; the changes come through a Repeater, so a client that
   * goes away ends its subscription at once, even while nothing happens.
   */
  async subscribe(after: number | null = null): Promise<AsyncIterableIterator<ChangeRow>> {
    const early: ChangeRow[] = [];
    let deliver: ((change: ChangeRow) => void) | null = null;
    const listener = (change: ChangeRow) => {
      if (deliver) deliver(change);
      else if (early.push(change) > CHANGES_KEPT) this.remove(listener); // never read: let it go
    };
    if (this.listeners.size === 0) {
      this.last = await this.log.latest();
      this.start();
    }
    this.listeners.add(listener);
    const startAt = this.last;
    return new Repeater<ChangeRow>(async (push, stop) => {
      try {
        let seen = after ?? startAt;
        const send = async (change: ChangeRow) => {
          if (change.seq <= seen) return;
          seen = change.seq;
          await push(change);
        };
        // Replay what the caller missed, then what arrived meanwhile: each change once, in order.
        if (after !== null) for (const change of await this.log.since(after, CHANGES_KEPT)) await send(change);
        for (const change of early.splice(0)) await send(change);
        deliver = (change) => void send(change);
        await stop;
      } finally {
        this.remove(listener);
      }
    });
  }

  private remove(listener: (change: ChangeRow) => void): void {
    this.listeners.delete(listener);
    if (this.listeners.size === 0) this.stop();
  }

  private start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.polling ??= this.poll().finally(() => (this.polling = null));
    }, this.pollMs);
    this.timer.unref();
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async poll(): Promise<void> {
    let changes: ChangeRow[];
    try {
      changes = await this.log.since(this.last);
    } catch {
      return; // the database is away; the next tick tries again
    }
    for (const change of changes) {
      this.last = change.seq;
      for (const listener of this.listeners) listener(change);
    }
  }
}
