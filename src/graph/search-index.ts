import { int, type Database } from '../db/database.js';
import { ChangeLog, type ChangeRow } from './changes.js';
import { RELATION_TYPE_NAMES, relationTypeLabel, type ConceptKind, type RelationType } from './vocabulary.js';

/**
 * The keys of every concept, held in memory, for the first two stages of Query.search: exact
 * names, aliases and ontology IDs, and names that begin with the query. Each stage is an index
 * seek in Neo4j too, but a statement that seeks, reads a few dozen concepts, counts their
 * relations and ranks them costs Neo4j more than the one that then reads the ten hits; here
 * the ranking needs no statement and only the hits are read (search.ts).
 *
 * It also holds what the related ranking reads (related-ranking.ts): each concept's relations
 * of the vocabulary's types, each as one small integer (the other end's id, its type and
 * direction: 8 bytes a relation, once from each end; 8 MB at 1M), and the comparisons with
 * the concepts they compare. Of a concept with more than `linksUpTo` relations (a hub) only the
 * first `linksUpTo`, as the related ranking's own MATCH reads them (Neo4j's storage order,
 * which only a write to the hub changes, and the log names it): those are all a ranking reads
 * of it, and hubs hold a large share of a power-law graph's relations.
 *
 * A load reads every concept's keys first, in pages in name order, and puts the table in
 * place: search is served from it, and a server opens. It then reads the relations, in pages in
 * slug order, applying the log's changes between pages; related is ranked in Neo4j until the
 * last page is in ({@link SearchIndex.linkedSeq}).
 *
 * The index follows the change log (changes.ts) that every write adds to in its own
 * transaction: every {@link SearchIndex.pollMs} it reads the changes after the last one it
 * applied and reads again the concepts they touched; an import, a seed run, a deleted concept
 * (whose neighbours lose a relation) or a gap in the log (changes dropped as the log was
 * trimmed) reloads it in pages. Nothing it holds is ever served unchecked: the statement that
 * reads the hits (or the related rows) also reads the log's last number, and unless that is
 * the change the index has applied, the answer is thrown away and ranked in Neo4j. So answers
 * never lag a write, on this instance or another, and a server whose index is still loading,
 * or has fallen behind, answers as one without an index.
 */

/** One concept as the exact and prefix stages and the related ranking see it: the values their Cypher reads. */
export interface KeyEntry {
  slug: string;
  /** toLower(name); every concept has it (GraphWriter sets it, migration 007 did for older graphs). */
  nameKey: string;
  /** The lower-cased aliases. */
  aliasKeys: readonly string[];
  /** The rest of searchKeys (what concept_keys indexes): lower-cased ontology IDs. */
  otherKeys: readonly string[];
  kind: ConceptKind;
  /** 'curated' is one of its sources. */
  curated: boolean;
  /** COUNT { (c)--() }: relations of any type, comparisons' included. */
  degree: number;
  /** size(name), in code points as Cypher counts. */
  nameSize: number;
  /** Its number in the index's table, given to every slug the table meets: what links name it by. */
  id: number;
  /**
   * Its relations of the vocabulary's types (not to itself), for the related ranking: each the
   * other end's id times 256 plus a code of type and direction ({@link linkTarget},
   * {@link linkCode}), a small integer V8 keeps in 4 bytes, in the order Neo4j reads them. Null
   * while a load has not read them (see {@link SearchIndex.linkedSeq}).
   */
  links: readonly number[] | null;
  /** Whether `links` are only the first of more (the index's `linksUpTo`). */
  cut: boolean;
}

/** The id of the concept at a link's other end. */
export const linkTarget = (link: number) => link >> 8;
/** A link's type and direction as one byte: the type's place in the vocabulary, and 1 when it points away. */
export const linkCode = (link: number) => link & 0xff;
export const linkType = (code: number): RelationType => RELATION_TYPE_NAMES[code >> 1]!;
export const linkOut = (code: number) => (code & 1) === 1;
const TYPE_CODES = new Map(RELATION_TYPE_NAMES.map((type, at) => [type, at * 2]));
const NO_LINKS: readonly number[] = Object.freeze([]);

export interface SearchIndexOptions {
  /** How often the change log is read, in ms. */
  pollMs?: number;
  /** Concepts read per statement while loading. */
  pageSize?: number;
  /** The most relations held of one concept (the related ranking's bound): a hub's first, as Neo4j reads them; null: all. */
  linksUpTo?: number | null;
}

/** A comparison as the related ranking reads it. */
export interface ComparedEntry {
  slug: string;
  title: string;
  /** The slugs of the concepts it compares. */
  concepts: readonly string[];
}

/** A row as read. */
type EntryRow = Omit<KeyEntry, 'id' | 'links' | 'cut'> & Partial<LinksRow>;
/** A concept's relations as read: each "TYPE>slug" (pointing away) or "TYPE<slug", and whether it has more. */
type LinksRow = { slug: string; links: string[]; cut: boolean };

/** The Cypher expressions behind a {@link KeyEntry}'s keys, for a concept bound to `c`. */
const KEYS = `c.slug AS slug, c.nameKey AS nameKey, [a IN coalesce(c.aliases, []) | toLower(a)] AS aliasKeys,
  [k IN coalesce(c.searchKeys, []) WHERE k <> c.nameKey AND NOT k IN [a IN coalesce(c.aliases, []) | toLower(a)]] AS otherKeys,
  c.kind AS kind, 'curated' IN coalesce(c.sources, []) AS curated, COUNT { (c)--() } AS degree, size(c.name) AS nameSize`;
/**
 * A subquery giving `links`, the first `$linksUpTo` relations of the same `c` as the related
 * ranking's first hop reads them (related-ranking.ts), so the same ones in the same order; and
 * `cut`, whether it has more (one relation past them is read to tell).
 */
const LINKS = `CALL (c) {
    MATCH (c)-[r${relationTypeLabel(null)}]-(z:Concept) WHERE z <> c
    WITH r, z LIMIT $linksUpTo + 1
    WITH collect(type(r) + CASE WHEN startNode(r) = c THEN '>' ELSE '<' END + z.slug) AS read
    RETURN read[..$linksUpTo] AS links, size(read) > $linksUpTo AS cut
  }`;

const COMPARED = 'cmp.slug AS slug, cmp.title AS title, [(cmp)-[:COMPARES]->(c:Concept) | c.slug] AS concepts';

/** Whether `key` is one of the entry's searchKeys. */
export const hasKey = (entry: KeyEntry, key: string) => entry.nameKey === key || entry.aliasKeys.includes(key) || entry.otherKeys.includes(key);

const NONE: readonly string[] = Object.freeze([]);
const kinds = new Map<string, ConceptKind>();

/**
 * A row as the table keeps it: at 100k concepts every byte per entry is 100 kB, so empty lists
 * are one shared list, each kind one string, and each link a small integer.
 */
function compact(row: EntryRow, table: KeyTable): KeyEntry {
  let kind = kinds.get(row.kind);
  if (kind === undefined) kinds.set(row.kind, (kind = row.kind));
  const id = table.idOf(row.slug);
  return {
    id,
    slug: table.slugs[id]!,
    nameKey: row.nameKey,
    aliasKeys: row.aliasKeys.length ? row.aliasKeys : NONE,
    otherKeys: row.otherKeys.length ? row.otherKeys : NONE,
    kind,
    curated: row.curated,
    degree: Number(row.degree),
    nameSize: Number(row.nameSize),
    links: row.links ? compactLinks(row.links, table) : null,
    cut: row.cut ?? false,
  };
}

function compactLinks(links: readonly string[], table: KeyTable): readonly number[] {
  if (!links.length) return NO_LINKS;
  return links.map((link) => {
    // Types and slugs hold neither '>' nor '<'.
    const out = link.indexOf('>');
    const end = out === -1 ? link.indexOf('<') : out;
    return table.idOf(link.slice(end + 1)) * 256 + TYPE_CODES.get(link.slice(0, end) as RelationType)! + (out === -1 ? 0 : 1);
  });
}

/** linksUpTo when every relation is held. */
const ALL_LINKS = 2 ** 31 - 1;
/** Concepts read per statement while (re)loading. */
const PAGE_SIZE = 5000;
/** Relations turned into links before a page's reading lets the event loop go (a few ms' work). */
const LINKS_PER_TURN = 10_000;
/** Changes read per poll; a longer backlog is read over the next polls. */
const CHANGES_PER_POLL = 500;
export const SEARCH_INDEX_POLL_MS = 250;

/** (nameKey, slug) order: the range index's order for nameKey, then a fixed one among equal names. */
function compareEntries(a: KeyEntry, b: KeyEntry): number {
  if (a.nameKey !== b.nameKey) return a.nameKey < b.nameKey ? -1 : 1;
  return a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0;
}

/** The first position in `sorted` where `before` stops holding (it holds for a prefix of `sorted`). */
function bisect(sorted: readonly KeyEntry[], before: (entry: KeyEntry) => boolean): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (before(sorted[middle]!)) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Where the first name not below `lower` sits in `sorted`. */
const lowerBound = (sorted: readonly KeyEntry[], lower: string) => bisect(sorted, (entry) => entry.nameKey < lower);

const keysOf = (entry: KeyEntry) => new Set([entry.nameKey, ...entry.aliasKeys, ...entry.otherKeys]);

/** Code units JavaScript and the range index (by code point) may order differently. */
const ORDER_MAY_DIFFER = /[\uD800-\uFFFF]/;

class KeyTable {
  readonly bySlug = new Map<string, KeyEntry>();
  readonly byKey = new Map<string, KeyEntry[]>();
  /** Every entry, in {@link compareEntries} order. */
  sorted: KeyEntry[] = [];
  /** Comparison slug → the comparison (its concepts' degrees count its links). */
  readonly compared = new Map<string, ComparedEntry>();
  /** Concept slug → the comparisons that compare it. */
  readonly comparing = new Map<string, ComparedEntry[]>();

  /** Slug → id: a number for every slug seen, in an entry or a link; never reused within a table. */
  readonly ids = new Map<string, number>();
  /** Id → slug, and id → entry (none for a slug only links name, or whose concept was removed). */
  readonly slugs: string[] = [];
  readonly byId: (KeyEntry | undefined)[] = [];

  idOf(slug: string): number {
    let id = this.ids.get(slug);
    if (id === undefined) {
      id = this.slugs.length;
      this.ids.set(slug, id);
      this.slugs.push(slug);
      this.byId.push(undefined);
    }
    return id;
  }

  setComparison(slug: string, entry: ComparedEntry | null): void {
    for (const concept of this.compared.get(slug)?.concepts ?? []) {
      const list = this.comparing.get(concept)?.filter((other) => other.slug !== slug) ?? [];
      if (list.length) this.comparing.set(concept, list);
      else this.comparing.delete(concept);
    }
    if (!entry) {
      this.compared.delete(slug);
      return;
    }
    this.compared.set(slug, entry);
    for (const concept of entry.concepts) this.comparing.set(concept, [...(this.comparing.get(concept) ?? []), entry]);
  }

  /** Adds an entry that sorts after every entry in the table (a load, in order). */
  append(entry: KeyEntry): void {
    this.index(entry);
    this.sorted.push(entry);
  }

  put(entry: KeyEntry): void {
    this.remove(entry.slug);
    this.index(entry);
    this.sorted.splice(bisect(this.sorted, (other) => compareEntries(other, entry) < 0), 0, entry);
  }

  remove(slug: string): void {
    const entry = this.bySlug.get(slug);
    if (!entry) return;
    this.bySlug.delete(slug);
    this.byId[entry.id] = undefined;
    for (const key of keysOf(entry)) {
      const list = this.byKey.get(key)!.filter((other) => other !== entry);
      if (list.length) this.byKey.set(key, list);
      else this.byKey.delete(key);
    }
    const at = lowerBound(this.sorted, entry.nameKey);
    for (let i = at; i < this.sorted.length && this.sorted[i]!.nameKey === entry.nameKey; i += 1) {
      if (this.sorted[i] === entry) {
        this.sorted.splice(i, 1);
        break;
      }
    }
  }

  private index(entry: KeyEntry): void {
    this.bySlug.set(entry.slug, entry);
    this.byId[entry.id] = entry;
    for (const key of keysOf(entry)) {
      const list = this.byKey.get(key);
      if (list) list.push(entry);
      else this.byKey.set(key, [entry]);
    }
  }
}

export class SearchIndex {
  private table: KeyTable | null = null;
  /** The last change the table reflects; null until it is loaded. */
  private seq: number | null = null;
  /** Set when the graph cannot be loaded in pages; search then always runs in Neo4j. */
  private unusable = false;
  /** Where the next page of relations starts (after this slug), while a load is reading them; null once all are read. */
  private linksAfter: string | null = null;
  /** Settles when a table is first in place, loaded or not (see {@link start}). */
  private readonly firstTable: Promise<void>;
  private tableInPlace = () => {};
  /** Settles when the relations are first all read (see {@link linked}). */
  private readonly firstLinks: Promise<void>;
  private linksInPlace = () => {};
  private step: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly log: ChangeLog;

  readonly pollMs: number;
  private readonly pageSize: number;
  private readonly linksUpTo: ReturnType<typeof int>;

  constructor(
    private readonly db: Database,
    { pollMs = SEARCH_INDEX_POLL_MS, pageSize = PAGE_SIZE, linksUpTo = null }: SearchIndexOptions = {},
  ) {
    this.pollMs = pollMs;
    this.pageSize = pageSize;
    this.linksUpTo = int(linksUpTo ?? ALL_LINKS);
    this.log = new ChangeLog(db);
    this.firstTable = new Promise((resolve) => (this.tableInPlace = resolve));
    this.firstLinks = new Promise((resolve) => (this.linksInPlace = resolve));
  }

  /** The change the index's keys reflect, or null while it has none loaded: compare with the log's last. */
  get appliedSeq(): number | null {
    return this.table ? this.seq : null;
  }

  /**
   * The change the relations reflect too, or null while a load is still reading them: a load
   * reads every concept's keys first (search is served from them), then the relations in pages
   * of slugs, applying the log's changes between pages.
   */
  get linkedSeq(): number | null {
    return this.table && this.linksAfter === null ? this.seq : null;
  }

  /** Settles once a load has first read every relation: related is ranked in memory from then on. */
  linked(): Promise<void> {
    return this.firstLinks;
  }

  /** How many concepts the index holds, or null while it has none loaded. */
  get size(): number | null {
    return this.table ? this.table.bySlug.size : null;
  }

  /**
   * Starts following the change log. The promise settles once the first load has read the keys
   * (search is served from the index; related is ranked in Neo4j until the relations are read
   * too), or has failed.
   */
  start(): Promise<void> {
    if (!this.timer) {
      this.timer = setInterval(() => void this.catchUp(), this.pollMs);
      this.timer.unref();
    }
    return Promise.race([this.catchUp(), this.firstTable]);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /**
   * Brings the index to the log's last change: a load (keys, then relations), or the changes
   * since the last applied. Never two at once; a failed step (the database away) leaves the
   * index as it was, to be tried again on the next tick.
   */
  catchUp(): Promise<void> {
    this.step ??= this.advance()
      .catch(() => undefined)
      .finally(() => (this.step = null));
    return this.step;
  }

  /** The concept with `slug`, as the index holds it. */
  entry(slug: string): KeyEntry | undefined {
    return this.table?.bySlug.get(slug);
  }

  /** The concept numbered `id`. */
  entryById(id: number): KeyEntry | undefined {
    return this.table?.byId[id];
  }

  /** How many ids the table has given: every id is below. */
  get ids(): number {
    return this.table?.slugs.length ?? 0;
  }

  /** The comparisons that compare the concept with `slug`. */
  comparisonsOf(slug: string): readonly ComparedEntry[] {
    return this.table?.comparing.get(slug) ?? [];
  }

  /** Concepts one of whose keys is `lower` exactly. */
  exactMatches(lower: string): readonly KeyEntry[] {
    return this.table?.byKey.get(lower) ?? [];
  }

  /**
   * The first `max` concepts, in the range index's order, whose name begins with `lower` and
   * that `accept` keeps; null when the table cannot tell which those are as Neo4j would (more
   * than `max` match and names tie, or hold characters the two orders disagree on).
   */
  prefixScan(lower: string, accept: (entry: KeyEntry) => boolean, max: number): KeyEntry[] | null {
    const sorted = this.table?.sorted ?? [];
    const found: KeyEntry[] = [];
    let unsure = false;
    for (let i = lowerBound(sorted, lower); i < sorted.length && sorted[i]!.nameKey.startsWith(lower); i += 1) {
      const entry = sorted[i]!;
      if (!accept(entry)) continue;
      if (found.length === max) return unsure || entry.nameKey === found[max - 1]!.nameKey || ORDER_MAY_DIFFER.test(entry.nameKey) ? null : found;
      unsure ||= ORDER_MAY_DIFFER.test(entry.nameKey);
      found.push(entry);
    }
    return found;
  }

  private async advance(): Promise<void> {
    if (this.unusable) return;
    if (this.seq === null || !this.table) await this.reload();
    else await this.follow();
    while (this.linksAfter !== null && !this.unusable) {
      await this.readLinks(this.table!, this.linksAfter);
      await this.follow();
    }
  }

  /** Applies the changes after the last applied; a change that calls for it reloads. */
  private async follow(): Promise<void> {
    const changes = await this.log.since(this.seq!, CHANGES_PER_POLL);
    if (!changes.length) return;
    const contiguous = changes[0]!.seq === this.seq! + 1;
    // A failed reload leaves the old table and number: the next step sees the same changes and reloads again.
    if (!contiguous || changes.some((change) => change.entity === 'GRAPH' || (change.entity === 'CONCEPT' && change.action === 'DELETED'))) return this.reload();
    await this.apply(this.table!, changes);
    this.seq = changes.at(-1)!.seq;
  }

  /** Reads again what the changes touched: the concepts, and the concepts of touched comparisons. */
  private async apply(table: KeyTable, changes: readonly ChangeRow[]): Promise<void> {
    const slugs = new Set<string>();
    const comparisons = new Set<string>();
    for (const change of changes) {
      if (change.entity === 'CONCEPT') slugs.add(change.key);
      else if (change.entity === 'COMPARISON') comparisons.add(change.key);
      else if (change.entity === 'RELATION') {
        // "from TYPE to": slugs hold no spaces.
        const [from, , to] = change.key.split(' ');
        if (from) slugs.add(from);
        if (to) slugs.add(to);
      }
    }
    if (comparisons.size) {
      const rows = await this.db.read<ComparedEntry>(`UNWIND $slugs AS slug MATCH (cmp:Comparison {slug: slug}) RETURN ${COMPARED}`, { slugs: [...comparisons] });
      const present = new Map(rows.map((row) => [row.slug, row]));
      for (const slug of comparisons) {
        const entry = present.get(slug) ?? null;
        for (const concept of [...(table.compared.get(slug)?.concepts ?? []), ...(entry?.concepts ?? [])]) slugs.add(concept);
        table.setComparison(slug, entry);
      }
    }
    if (!slugs.size) return;
    const rows = await this.db.read<EntryRow>(`UNWIND $slugs AS slug MATCH (c:Concept {slug: slug}) WHERE c.nameKey IS NOT NULL ${LINKS} RETURN ${KEYS}, links, cut`, {
      slugs: [...slugs],
      linksUpTo: this.linksUpTo,
    });
    const present = new Set(rows.map((row) => row.slug));
    for (const row of rows) table.put(compact(row, table));
    for (const slug of slugs) if (!present.has(slug)) table.remove(slug);
  }

  /**
   * Loads every concept's keys in pages of {@link PAGE_SIZE}, in the range index's order of
   * names (so nothing is sorted here: the event loop is never held for more than a page), into
   * a new table that replaces the old one when complete; its relations are read after, by
   * {@link readLinks}. Writes committed meanwhile are in the log after `start` and are applied
   * by the next steps.
   */
  private async reload(): Promise<void> {
    const start = await this.log.latest();
    const table = new KeyTable();
    for (let after = ''; ; ) {
      const page = await this.db.read<EntryRow>(
        `MATCH (c:Concept) WHERE c.nameKey >= $after
         WITH c ORDER BY c.nameKey, c.slug LIMIT $limit
         RETURN ${KEYS}`,
        { after, limit: int(this.pageSize) },
      );
      if (page.length < this.pageSize) {
        for (const entry of page) table.append(compact(entry, table));
        break;
      }
      // The last name may go on past the page: the next page starts at it again.
      const last = page.at(-1)!.nameKey;
      if (page[0]!.nameKey === last) {
        // A page of concepts with one name: no page can get past it. Search stays in Neo4j.
        this.unusable = true;
        return;
      }
      for (const entry of page) if (entry.nameKey !== last) table.append(compact(entry, table));
      after = last;
    }
    for (const entry of await this.db.read<ComparedEntry>(`MATCH (cmp:Comparison) RETURN ${COMPARED}`)) table.setComparison(entry.slug, entry);
    this.table = table;
    this.seq = start;
    this.linksAfter = '';
    this.tableInPlace();
  }

  /**
   * One page of relations, in slug order after `after`, onto the concepts the table holds.
   * A page may be newer than the changes applied, never older: a change committed before it
   * was read is in it, and one committed after is applied later and reads its concepts again.
   */
  private async readLinks(table: KeyTable, after: string): Promise<void> {
    const page = await this.db.read<LinksRow>(
      `MATCH (c:Concept) WHERE c.slug > $after
       WITH c ORDER BY c.slug LIMIT $limit
       ${LINKS}
       RETURN c.slug AS slug, links, cut`,
      { after, limit: int(this.pageSize), linksUpTo: this.linksUpTo },
    );
    let compacted = 0;
    for (const row of page) {
      const entry = table.bySlug.get(row.slug);
      if (entry) {
        entry.links = compactLinks(row.links, table);
        entry.cut = row.cut;
      }
      // The server answers meanwhile: the event loop is let go every few thousand relations.
      compacted += row.links.length;
      if (compacted > LINKS_PER_TURN) {
        compacted = 0;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    if (this.table !== table) return;
    this.linksAfter = page.length < this.pageSize ? null : page.at(-1)!.slug;
    if (this.linksAfter === null) this.linksInPlace();
  }
}
