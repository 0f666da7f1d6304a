import { int, type Database } from '../db/database.js';
import { conceptProjection, type ConceptRow } from './concepts.js';
import { exactTerm, type MatchField } from './search.js';

/** The most IDs, names or aliases one call resolves. */
export const MAX_RESOLVE_INPUTS = 100;
/** Candidates kept per input: enough to show an ambiguity, bounded on a huge graph. */
const CANDIDATES_PER_INPUT = 20;

export type ResolutionStatus = 'RESOLVED' | 'AMBIGUOUS' | 'UNKNOWN';

export interface Resolution {
  input: string;
  status: ResolutionStatus;
  /** The concept, when exactly one matched best. */
  concept: ConceptRow | null;
  matchedOn: MatchField | null;
  /** Every concept that matched best: one when resolved, several when ambiguous. */
  candidates: ConceptRow[];
}

/**
 * The singular and plural spellings a name may be written in ("lacunae" → "lacuna",
 * "osteoclast" → "osteoclasts", "bodies" → "body", "nucleus" ↔ "nuclei"), lower-cased, the
 * input first. Only the last word changes: "bone cells" → "bone cell".
 */
export function spellings(input: string): string[] {
  const text = input.trim().toLowerCase().replace(/\s+/g, ' ');
  const out = new Set([text]);
  const rules: [RegExp, string][] = [
    [/ies$/, 'y'],
    [/(ch|sh|x|ss)es$/, '$1'],
    [/([^s])s$/, '$1'],
    [/ae$/, 'a'],
    [/i$/, 'us'],
    [/y$/, 'ies'],
    [/(ch|sh|x|ss)$/, '$1es'],
    [/us$/, 'i'],
    [/a$/, 'ae'],
    [/([^s])$/, '$1s'],
  ];
  for (const [pattern, replacement] of rules) if (pattern.test(text)) out.add(text.replace(pattern, replacement));
  return [...out];
}

type Rank = { rank: number; on: MatchField };

/** How well a concept matches an input: exact name, then ID, then alias, then another spelling of a name or alias. */
function rankOf(concept: ConceptRow, curie: string | null, forms: readonly string[]): Rank | null {
  const [exact, ...others] = forms;
  const name = concept.name.toLowerCase();
  const ids = [...concept.xrefs, ...(curie ? [curie] : [])].map((id) => id.toLowerCase());
  const aliases = concept.aliases.map((alias) => alias.toLowerCase());
  if (name === exact) return { rank: 0, on: 'NAME' };
  if (ids.includes(exact!)) return { rank: 1, on: 'XREF' };
  if (aliases.includes(exact!)) return { rank: 2, on: 'ALIAS' };
  if (others.includes(name)) return { rank: 3, on: 'NAME' };
  if (aliases.some((alias) => others.includes(alias))) return { rank: 4, on: 'ALIAS' };
  return null;
}

export class ResolveRepository {
  constructor(private readonly db: Database) {}

  /**
   * Each input (a CURIE, a name or an alias, any case, singular or plural) to the concept it
   * names, in one statement through the keyword index: resolved when one concept matches
   * best, ambiguous when several do, unknown when none.
   */
  async resolve(inputs: readonly string[]): Promise<Resolution[]> {
    const lookups = inputs.map((input, index) => ({ index, forms: spellings(input) }));
    const rows = await this.db.read<{ index: number; candidates: { concept: ConceptRow; curie: string | null }[] }>(
      `UNWIND $lookups AS lookup
       CALL (lookup) {
         UNWIND lookup.terms AS term
         CALL db.index.fulltext.queryNodes('concept_keys', term, {limit: $limit}) YIELD node
         WITH DISTINCT node LIMIT $limit
         RETURN collect({concept: ${conceptProjection('node')}, curie: node.curie}) AS candidates
       }
       RETURN lookup.index AS index, candidates`,
      { lookups: lookups.map(({ index, forms }) => ({ index, terms: forms.map(exactTerm) })), limit: int(CANDIDATES_PER_INPUT) },
    );
    const byIndex = new Map(rows.map((row) => [Number(row.index), row.candidates]));
    return lookups.map(({ index, forms }) => {
      const ranked = (byIndex.get(index) ?? [])
        .map(({ concept, curie }) => ({ concept, match: rankOf(concept, curie, forms) }))
        .filter((entry): entry is { concept: ConceptRow; match: Rank } => entry.match !== null);
      const best = Math.min(...ranked.map((entry) => entry.match.rank));
      const top = ranked.filter((entry) => entry.match.rank === best).sort((a, b) => a.concept.slug.localeCompare(b.concept.slug));
      const candidates = top.map((entry) => entry.concept);
      const input = inputs[index]!;
      if (candidates.length === 0) return { input, status: 'UNKNOWN', concept: null, matchedOn: null, candidates };
      const matchedOn = top[0]!.match.on;
      if (candidates.length > 1) return { input, status: 'AMBIGUOUS', concept: null, matchedOn, candidates };
      return { input, status: 'RESOLVED', concept: candidates[0]!, matchedOn, candidates };
    });
  }
}
