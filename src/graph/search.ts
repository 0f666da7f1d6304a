import { int, type Database } from '../db/database.js';
import { CONCEPT_FIELDS, conceptProjection, statementPerFields, type ConceptData, type ConceptField, type ConceptRow } from './concepts.js';
import { descendantOf } from './hierarchy.js';
import { hasKey, type KeyEntry, type SearchIndex } from './search-index.js';
import type { ConceptKind } from './vocabulary.js';

export const MAX_SEARCH_LENGTH = 200;
export const MAX_SEARCH_RESULTS = 50;

/** Which field matched best: NAME, ALIAS, DEFINITION or XREF. */
export type MatchField = 'NAME' | 'ALIAS' | 'DEFINITION' | 'XREF';

/**
 * A hit: the concept with the fields asked for ({@link SearchOptions}.fields), its score, and
 * what {@link describeMatch} needs to say what matched.
 */
export interface SearchHitRow {
  concept: ConceptData;
  score: number;
  /** The tier the hit was found in. */
  tier: keyof typeof TIERS;
  /** The query as given, and its words. */
  query: string;
  tokens: readonly string[];
}

/** The concept fields {@link describeMatch} reads. */
export const MATCH_FIELDS: readonly ConceptField[] = ['name', 'aliases', 'xrefs', 'definition'];

export interface SearchOptions {
  kinds?: readonly ConceptKind[] | null;
  first: number;
  /** Only descendants (over IS_A and PART_OF) of the concept with this slug. */
  within?: string | null;
  /** The fields read of each concept found (the slug always); all by default. */
  fields?: readonly ConceptField[];
}

const WITHIN = `($within IS NULL OR ${descendantOf('node', 'within')})`;

const CURIE = /^[A-Za-z][A-Za-z0-9_]*:[A-Za-z0-9_.-]+$/;
const LUCENE_SPECIAL = /[+\-!(){}[\]^"~*?:\\/&|]/g;

/** Lowercased words of the query with every Lucene operator character escaped away. */
export function searchTokens(query: string): string[] {
  return query
    .toLowerCase()
    .split(/[\s\p{P}\p{S}]+/u)
    .map((token) => token.replace(LUCENE_SPECIAL, ''))
    .filter((token) => token.length > 0)
    .slice(0, 8);
}

/**
 * The Lucene query for the full-text index: every word must match some field, as a whole
 * word, a prefix (autocomplete) or, with `typos`, from four letters on, within one edit.
 * Names weigh more than aliases, aliases more than definitions.
 */
export function luceneQuery(tokens: readonly string[], typos = true): string {
  return tokens
    .map((token) => {
      const fuzzy = typos && token.length >= 4 ? ` OR name:${token}~1^2 OR aliases:${token}~1` : '';
      return `(name:${token}^8 OR name:${token}*^5 OR aliases:${token}^4 OR aliases:${token}*^2.5 OR definition:${token}${fuzzy})`;
    })
    .join(' AND ');
}

/**
 * How a hit matched, most telling first: an exact name, an ontology ID, an exact alias, the
 * name's beginning, a word's beginning or an alias's, somewhere in the name or an alias,
 * then the rest (definitions and typos). A tier always outranks the ones below it; within
 * one, Lucene's score (a whole word before a word's beginning, in the prefix tier), then the
 * curated concept, the better connected and the shorter (more general) name.
 */
const TIERS = { NAME_EXACT: 7, XREF: 6, ALIAS_EXACT: 5, NAME_PREFIX: 4, WORD_PREFIX: 3, ALIAS_PREFIX: 3, NAME_CONTAINS: 2, ALIAS_CONTAINS: 2, OTHER: 1 } as const;
const TIER_WEIGHT = 1000;

/** A Lucene term for the keyword index: the whole lower-cased text, quoted. */
export function exactTerm(text: string): string {
  return `"${text.toLowerCase().replace(/["\\]/g, '\\$&')}"`;
}

/**
 * Full-text hits re-ranked by tier. Lucene already scores names (and prefixes of names) far
 * above definitions, so the best of a tier are among its first hits; exact matches, which
 * it could bury, come from the keyword stage.
 */
const FULL_TEXT_CANDIDATES = 100;
const WITHIN_CANDIDATES = 1000;

/** Names read from the range index by their beginning, in its (alphabetical) order. */
const PREFIX_SCAN = 200;
/** What may follow a name's beginning for it to begin with the query as a whole word. */
const WORD_ENDS = [' ', '-', ',', '/', '('];
/** The prefix stage's bonus for a whole word. */
const WORD_PREFIX_SCORE = 2.0;

/**
 * The first stages, all index seeks: exact names, aliases and IDs from the keyword index,
 * then names that begin with the query from the range index on nameKey (skipped within a
 * branch, where each would cost a walk up its ancestors; the full-text stage finds them).
 * A name that begins with the query as a whole word ("cell body") scores above one that only
 * begins with its letters ("cellulitis").
 */
const SEEK_STAGES = `
         CALL db.index.fulltext.queryNodes('concept_keys', $exact, {limit: $limit}) YIELD node
         WHERE ($kinds IS NULL OR node.kind IN $kinds) AND ${WITHIN}
         RETURN node, 0.0 AS score,
                CASE WHEN toLower(node.name) = $lower THEN 'NAME_EXACT'
                     WHEN $lower IN [a IN coalesce(node.aliases, []) | toLower(a)] THEN 'ALIAS_EXACT'
                     ELSE 'XREF' END AS match
         UNION
         MATCH (node:Concept) WHERE $prefixes AND node.nameKey STARTS WITH $lower AND NOT $lower IN coalesce(node.searchKeys, [])
           AND ($kinds IS NULL OR node.kind IN $kinds)
         WITH node ORDER BY node.nameKey LIMIT $prefixScan
         RETURN node, CASE WHEN substring(node.nameKey, size($lower), 1) IN $wordEnds THEN $wordScore ELSE 0.0 END AS score, 'NAME_PREFIX' AS match`;

/**
 * The full-text stage: words, prefixes of words and aliases, definitions and typos, less
 * what the seeks found. It runs only when they did not fill the page: tiers never mix, so
 * nothing it finds could rank above a page of exact and prefix matches ("bone" is answered
 * by index seeks alone).
 */
const FULL_TEXT_STAGE = `
         WITH found WHERE size(found) < $limit AND $lucene <> ''
         CALL db.index.fulltext.queryNodes('concept_text', $lucene, {limit: $candidates}) YIELD node, score
         WHERE ($kinds IS NULL OR node.kind IN $kinds) AND NOT node IN [hit IN found | hit.node] AND ${WITHIN}
         WITH node, score, toLower(node.name) AS name, [a IN coalesce(node.aliases, []) | toLower(a)] AS aliases
         RETURN collect({node: node, score: score, match:
                CASE
                  WHEN name STARTS WITH $lower THEN 'NAME_PREFIX'
                  WHEN any(word IN split(name, ' ') WHERE word STARTS WITH $first) THEN 'WORD_PREFIX'
                  WHEN any(a IN aliases WHERE a STARTS WITH $lower) THEN 'ALIAS_PREFIX'
                  WHEN name CONTAINS $first THEN 'NAME_CONTAINS'
                  WHEN any(a IN aliases WHERE a CONTAINS $first) THEN 'ALIAS_CONTAINS'
                  ELSE 'OTHER'
                END}) AS more`;

/** A hit the index ranked: what the statement reading the hits needs. */
interface IndexedHit {
  slug: string;
  ranked: number;
  match: keyof typeof TIERS;
}

const CURATED_BONUS = 5;

/** The statement reading the hits the index ranked, with the last change the database holds. */
const indexedHitsQuery = statementPerFields((fields) => `
  OPTIONAL MATCH (log:ChangeLog {id: 'graph'})
  CALL () {
    UNWIND $hits AS hit
    MATCH (node:Concept {slug: hit.slug})
    RETURN collect({concept: ${conceptProjection('node', fields)}, score: round(hit.ranked, 3), match: hit.match}) AS hits
  }
  RETURN coalesce(log.seq, 0) AS seq, hits`);

export class SearchRepository {
  /** With an `index` (followed by the server), exact and prefix matches are ranked in memory. */
  constructor(
    private readonly db: Database,
    private readonly index: SearchIndex | null = null,
  ) {}

  /**
   * Concepts matching free text or an ontology ID, in two stages of one statement: exact
   * names, aliases and IDs from the keyword index (so they come first however large the
   * graph), then the full-text index for prefixes, words and definitions — and typos, in a
   * second statement, when the words as written found fewer than `first`.
   */
  async search(query: string, options: SearchOptions): Promise<SearchHitRow[]> {
    const text = query.trim();
    const tokens = searchTokens(text);
    // An ontology ID is looked up, never read as words ("CL:0000062" is not "cl" and "0000062").
    if (CURIE.test(text)) return this.ranked(text, [], '', options);
    // Typo matching costs Lucene more than the rest together: it runs only when the words as
    // written find fewer concepts than asked for ("osteoblst"), not for "bone".
    const asWritten = luceneQuery(tokens, false);
    let precise = await this.ranked(text, tokens, asWritten, options);
    // Within a branch, most of the full-text candidates may lie outside it: look further only
    // when the usual hundred did not fill the page (each candidate costs a walk up its ancestors).
    if (options.within && precise.length < options.first) precise = await this.ranked(text, tokens, asWritten, options, WITHIN_CANDIDATES);
    const withTypos = luceneQuery(tokens, true);
    // A branch often holds fewer matches than a page: typos are tried there only when the words found nothing.
    if (precise.length >= options.first || withTypos === asWritten || (options.within && precise.length > 0)) return precise;
    return this.ranked(text, tokens, withTypos, options, options.within ? WITHIN_CANDIDATES : FULL_TEXT_CANDIDATES);
  }

  private async ranked(
    text: string,
    tokens: readonly string[],
    lucene: string,
    { kinds = null, first, within = null, fields = CONCEPT_FIELDS }: SearchOptions,
    candidates = FULL_TEXT_CANDIDATES,
  ): Promise<SearchHitRow[]> {
    const lower = text.toLowerCase();
    const indexed = within === null ? await this.fromIndex(lower, lucene, kinds, first, fields) : null;
    if (indexed) return indexed.map(({ concept, score, match }) => ({ concept, score, tier: match, query: text, tokens }));
    const rows = await this.db.read<{ concept: ConceptData; score: number; match: keyof typeof TIERS }>(
      `CALL {${SEEK_STAGES}
       }
       WITH collect({node: node, score: score, match: match}) AS found
       CALL (found) {${FULL_TEXT_STAGE}
       }
       UNWIND found + more AS hit
       WITH hit, hit.node AS node
       WITH node, hit.match AS match,
            $tiers[hit.match] * ${TIER_WEIGHT} + hit.score
              + CASE WHEN 'curated' IN coalesce(node.sources, []) THEN ${CURATED_BONUS} ELSE 0 END
              + log(1 + COUNT { (node)--() }) / 2
              - size(node.name) / 20.0 AS ranked
       RETURN ${conceptProjection('node', fields)} AS concept, round(ranked, 3) AS score, match
       ORDER BY ranked DESC, node.slug
       LIMIT $limit`,
      {
        exact: exactTerm(text),
        lucene,
        kinds,
        within,
        lower,
        prefixes: lucene !== '' && within === null && lower.length > 0,
        prefixScan: int(PREFIX_SCAN),
        wordEnds: WORD_ENDS,
        wordScore: WORD_PREFIX_SCORE,
        first: tokens[0] ?? lower,
        tiers: TIERS,
        limit: int(first),
        candidates: int(Math.max(candidates, first * 4)),
      },
    );
    return rows.map(({ concept, score, match }) => ({ concept, score, tier: match, query: text, tokens }));
  }

  /**
   * The statement above, answered from the index when its first two stages decide the answer
   * alone: the same matches, the same rank (the same expression, in the same order of
   * operations), and one statement that reads the hits. Null — search in Neo4j — when the
   * index is not loaded or is behind the log, when the full-text stage would run (fewer exact
   * and prefix matches than asked for), or when which matches Neo4j keeps is not certain (more
   * exact matches than Lucene is asked for, a tie at the prefix stage's limit).
   */
  private async fromIndex(
    lower: string,
    lucene: string,
    kinds: readonly ConceptKind[] | null,
    limit: number,
    fields: readonly ConceptField[],
  ): Promise<{ concept: ConceptData; score: number; match: keyof typeof TIERS }[] | null> {
    const index = this.index;
    const seq = index?.appliedSeq ?? null;
    if (!index || seq === null) return null;
    const exact = index.exactMatches(lower);
    // concept_keys is asked for `limit` hits: which of more it gives is Lucene's choice.
    if (exact.length > limit) return null;
    const wanted = (entry: KeyEntry) => kinds === null || kinds.includes(entry.kind);
    const found: { entry: KeyEntry; score: number; match: keyof typeof TIERS }[] = exact.filter(wanted).map((entry) => ({
      entry,
      score: 0.0,
      match: entry.nameKey === lower ? 'NAME_EXACT' : entry.aliasKeys.includes(lower) ? 'ALIAS_EXACT' : 'XREF',
    }));
    if (lucene !== '' && lower.length > 0) {
      const prefixed = index.prefixScan(lower, (entry) => !hasKey(entry, lower) && wanted(entry), PREFIX_SCAN);
      if (!prefixed) return null;
      for (const entry of prefixed) {
        found.push({ entry, score: WORD_ENDS.includes(entry.nameKey.charAt(lower.length)) ? WORD_PREFIX_SCORE : 0.0, match: 'NAME_PREFIX' });
      }
    }
    // The full-text stage would add to these.
    if (found.length < limit && lucene !== '') return null;
    const hits: IndexedHit[] = found
      .map(({ entry, score, match }) => ({
        slug: entry.slug,
        match,
        ranked: TIERS[match] * TIER_WEIGHT + score + (entry.curated ? CURATED_BONUS : 0) + Math.log(1 + entry.degree) / 2 - entry.nameSize / 20.0,
      }))
      .sort((a, b) => b.ranked - a.ranked || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0))
      .slice(0, limit);
    const [row] = await this.db.read<{ seq: number; hits: { concept: ConceptData; score: number; match: keyof typeof TIERS }[] }>(indexedHitsQuery(fields), { hits });
    // A write the index has not applied yet: this answer may be out of date.
    if (!row || Number(row.seq) !== seq || row.hits.length !== hits.length) {
      void index.catchUp();
      return null;
    }
    return row.hits;
  }
}

/** What a hit matched, and the text that matched, from the concept's {@link MATCH_FIELDS}. */
export function describeMatch(hit: SearchHitRow, concept: ConceptRow): { on: MatchField; text: string } {
  const on = matchedOn(hit.tier, concept, hit.tokens);
  return { on, text: matchedText(on, concept, hit.query, hit.tokens) };
}

function matchedOn(match: keyof typeof TIERS, concept: ConceptRow, tokens: readonly string[]): MatchField {
  if (match === 'XREF') return 'XREF';
  if (match.startsWith('NAME') || match === 'WORD_PREFIX') return 'NAME';
  if (match.startsWith('ALIAS')) return 'ALIAS';
  // Lucene does not say which field a fuzzy term hit; a near-miss of a word of the name is a name match.
  const near = (text: string) => text.toLowerCase().split(/\W+/).some((word) => tokens.some((token) => editDistance(word, token) <= 1));
  if (near(concept.name)) return 'NAME';
  if (concept.aliases.some(near)) return 'ALIAS';
  return 'DEFINITION';
}

/** What a hit matched, as the reader would recognise it; definitions give the words around the first hit. */
export function matchedText(on: MatchField, concept: ConceptRow, query: string, tokens: readonly string[]): string {
  const lower = query.trim().toLowerCase();
  const hits = (text: string) => text.toLowerCase().split(/[^\p{L}\p{N}]+/u).some((word) => tokens.some((token) => word.startsWith(token) || editDistance(word, token) <= 1));
  switch (on) {
    case 'XREF':
      return concept.xrefs.find((xref) => xref.toLowerCase() === lower) ?? query.trim();
    case 'NAME':
      return concept.name;
    case 'ALIAS':
      return concept.aliases.find((alias) => alias.toLowerCase() === lower) ?? concept.aliases.find(hits) ?? concept.aliases[0] ?? concept.name;
    case 'DEFINITION': {
      const words = (concept.definition ?? '').split(/\s+/);
      const at = words.findIndex(hits);
      if (at < 0) return words.slice(0, 12).join(' ');
      const start = Math.max(0, at - 5);
      return `${start > 0 ? '… ' : ''}${words.slice(start, at + 7).join(' ')}${at + 7 < words.length ? ' …' : ''}`;
    }
  }
}

/** Levenshtein distance, for telling typo matches apart (words are short). */
export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
