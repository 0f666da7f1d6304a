import { int, type Database } from '../db/database.js';
import { conceptProjection, type ConceptRow } from './concepts.js';
import type { ConceptKind } from './vocabulary.js';

export const MAX_SEARCH_LENGTH = 200;
export const MAX_SEARCH_RESULTS = 50;

export interface SearchHitRow {
  concept: ConceptRow;
  score: number;
  /** Which field matched best: NAME, ALIAS, DEFINITION or XREF. */
  matchedOn: 'NAME' | 'ALIAS' | 'DEFINITION' | 'XREF';
}

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
 * word, a prefix (autocomplete) or, from four letters on, within one edit (typos). Names
 * weigh more than aliases, aliases more than definitions.
 */
export function luceneQuery(tokens: readonly string[]): string {
  return tokens
    .map((token) => {
      const fuzzy = token.length >= 4 ? ` OR name:${token}~1^2 OR aliases:${token}~1` : '';
      return `(name:${token}^8 OR name:${token}*^5 OR aliases:${token}^4 OR aliases:${token}*^2.5 OR definition:${token}${fuzzy})`;
    })
    .join(' AND ');
}

export class SearchRepository {
  constructor(private readonly db: Database) {}

  /**
   * Concepts matching free text or an ontology ID. Lucene's scores are re-ranked so that an
   * exact name beats a name prefix beats an alias beats a definition, and among equals the
   * shorter (more general) name and the curated concept come first.
   */
  async search(query: string, kinds: readonly ConceptKind[] | null, first: number): Promise<SearchHitRow[]> {
    const text = query.trim();
    if (CURIE.test(text)) {
      const rows = await this.db.read<SearchHitRow>(
        `MATCH (c:Concept)
         WHERE (c.curie = $curie OR $curie IN c.xrefs) AND ($kinds IS NULL OR c.kind IN $kinds)
         RETURN ${conceptProjection('c')} AS concept, 100.0 AS score, 'XREF' AS matchedOn
         ORDER BY c.slug LIMIT $limit`,
        // Prefixes are upper case (CL, GO, UBERON, DOID); accept cl:0000062 too.
        { curie: text.replace(/^[^:]+/, (prefix) => prefix.toUpperCase()), kinds, limit: int(first) },
      );
      if (rows.length) return rows;
    }
    const tokens = searchTokens(text);
    if (tokens.length === 0) return [];
    const lower = tokens.join(' ');
    const rows = await this.db.read<{ concept: ConceptRow; score: number; match: string }>(
      `CALL db.index.fulltext.queryNodes('concept_text', $lucene, {limit: 500}) YIELD node, score
       WHERE $kinds IS NULL OR node.kind IN $kinds
       WITH node, score, toLower(node.name) AS name, [a IN coalesce(node.aliases, []) | toLower(a)] AS aliases
       WITH node, score, name, aliases,
            CASE
              WHEN name = $lower THEN 'NAME_EXACT'
              WHEN $lower IN aliases THEN 'ALIAS_EXACT'
              WHEN name STARTS WITH $lower OR any(word IN split(name, ' ') WHERE word STARTS WITH $first) THEN 'NAME'
              WHEN any(a IN aliases WHERE a STARTS WITH $lower) THEN 'ALIAS'
              WHEN name CONTAINS $first THEN 'NAME'
              WHEN any(a IN aliases WHERE a CONTAINS $first) THEN 'ALIAS'
              ELSE 'FUZZY_OR_DEFINITION'
            END AS match
       WITH node, name, match,
            score + CASE match WHEN 'NAME_EXACT' THEN 100 WHEN 'ALIAS_EXACT' THEN 60 WHEN 'NAME' THEN 30 WHEN 'ALIAS' THEN 15 ELSE 0 END
                  + CASE WHEN 'curated' IN coalesce(node.sources, []) THEN 5 ELSE 0 END
                  - size(name) / 20.0 AS ranked
       RETURN ${conceptProjection('node')} AS concept, round(ranked, 3) AS score, match
       ORDER BY ranked DESC, node.slug
       LIMIT $limit`,
      { lucene: luceneQuery(tokens), kinds, lower, first: tokens[0], limit: int(first) },
    );
    return rows.map(({ concept, score, match }) => ({ concept, score, matchedOn: matchedOn(match, concept, tokens) }));
  }
}

function matchedOn(match: string, concept: ConceptRow, tokens: readonly string[]): SearchHitRow['matchedOn'] {
  if (match.startsWith('NAME')) return 'NAME';
  if (match.startsWith('ALIAS')) return 'ALIAS';
  // Lucene does not say which field a fuzzy term hit; a near-miss of a word of the name is a name match.
  const near = (text: string) => text.toLowerCase().split(/\W+/).some((word) => tokens.some((token) => editDistance(word, token) <= 1));
  if (near(concept.name)) return 'NAME';
  if (concept.aliases.some(near)) return 'ALIAS';
  return 'DEFINITION';
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
