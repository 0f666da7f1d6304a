/**
 * Checks the seeds against the shared sources they cite: every ontology ID a concept carries is
 * a term of the shared ontology files; every term a relation cites states that relation (an
 * axiom between the two ends, following is_a upwards, or a definition that names the other
 * end); every relation that cites an article has both its ends named in the article's text,
 * not only in its closing list of related comparisons; and no sentence of ours follows a
 * source's wording for {@link COPIED_WORDS} words or more. Pure apart from reading the files.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ONTOLOGY_PREFIX_GROUP } from '../graph/vocabulary.js';
import { parseOboFile } from './obo-parser.js';
import type { SeedGraph } from './seeds.js';

/** Eight words in a row shared with a source counts as following its wording. */
export const COPIED_WORDS = 8;

/** What the seeds may cite: ontology terms by ID, articles by slug. */
export interface SharedSources {
  terms: Map<string, TermFacts>;
  /** Article slug → its text without the closing list of related comparisons. */
  articles: Map<string, string>;
  /** Every run of {@link COPIED_WORDS} words in the sources' prose, joined by spaces. */
  phrases: Set<string>;
}

export interface TermFacts {
  id: string;
  name: string;
  definition: string | null;
  synonyms: string[];
  isA: string[];
  /** Targets of its relationships (part_of, develops_from, …), whatever the predicate. */
  related: string[];
}

const ONTOLOGY_ID = new RegExp(`^${ONTOLOGY_PREFIX_GROUP}:\\S+$`);
const RELATED_LINE = /^\s*-\s+.+\s+vs\.?\s+.+$/i;

function words(text: string): string[] {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim().split(' ').filter(Boolean);
}

function addPhrases(into: Set<string>, text: string): void {
  const tokens = words(text);
  for (let start = 0; start + COPIED_WORDS <= tokens.length; start += 1) into.add(tokens.slice(start, start + COPIED_WORDS).join(' '));
}

/** Reads `<shared>/data/ontologies/*.obo` and `<shared>/articles/*.txt`. */
export async function readSharedSources(sharedDir: string): Promise<SharedSources> {
  const ontologyDir = path.join(sharedDir, 'data', 'ontologies');
  const articleDir = path.join(sharedDir, 'articles');
  const terms = new Map<string, TermFacts>();
  const phrases = new Set<string>();
  for (const name of (await readdir(ontologyDir)).filter((file) => file.endsWith('.obo')).sort()) {
    const document = await parseOboFile(path.join(ontologyDir, name));
    for (const term of document.terms) {
      const known = terms.get(term.id);
      const related = term.relationships.map((relationship) => relationship.target);
      if (known) {
        known.definition ??= term.definition;
        known.synonyms.push(...term.synonyms);
        known.isA.push(...term.isA);
        known.related.push(...related);
      } else {
        terms.set(term.id, { id: term.id, name: term.name, definition: term.definition, synonyms: [...term.synonyms], isA: [...term.isA], related });
      }
      if (term.definition) addPhrases(phrases, term.definition);
    }
  }
  const articles = new Map<string, string>();
  for (const name of (await readdir(articleDir)).filter((file) => file.endsWith('.txt')).sort()) {
    const text = await readFile(path.join(articleDir, name), 'utf8');
    addPhrases(phrases, text);
    articles.set(name.replace(/\.txt$/, ''), text.split('\n').filter((line) => !RELATED_LINE.test(line)).join('\n'));
  }
  return { terms, articles, phrases };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whether `text` names any of `names`, whole words, a plural s/es allowed. */
export function mentions(text: string, names: readonly string[]): boolean {
  const lower = text.toLowerCase();
  return names.some((name) => name.length > 2 && new RegExp(`(^|[^a-z0-9])${escapeRegExp(name.toLowerCase())}(s|es)?($|[^a-z0-9])`).test(lower));
}

/** The term and every is_a ancestor of it. */
function withAncestors(terms: Map<string, TermFacts>, id: string): Set<string> {
  const seen = new Set<string>();
  const todo = [id];
  while (todo.length) {
    const next = todo.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    todo.push(...(terms.get(next)?.isA ?? []));
  }
  return seen;
}

/** Every problem the shared sources find in the seeds; each names where the entry was read. */
export function auditSeeds(seeds: SeedGraph, shared: SharedSources): string[] {
  const findings: string[] = [];
  const at = (section: 'concepts' | 'relations' | 'comparisons', index: number, fallback: string) =>
    seeds.locations?.[section][index] ?? fallback;
  const concepts = new Map(seeds.concepts.map((concept) => [concept.slug, concept]));
  const termIds = (slug: string) => (concepts.get(slug)?.xrefs ?? []).filter((xref) => ONTOLOGY_ID.test(xref));
  /** A concept's names: ours, and those of its ontology terms. */
  const namesOf = (slug: string) => {
    const concept = concepts.get(slug);
    if (!concept) return [];
    const terms = termIds(slug).flatMap((id) => {
      const term = shared.terms.get(id);
      return term ? [term.name, ...term.synonyms] : [];
    });
    return [concept.name, ...concept.aliases, ...terms];
  };

  seeds.concepts.forEach((concept, index) => {
    const where = at('concepts', index, concept.slug);
    for (const id of termIds(concept.slug)) {
      if (!shared.terms.has(id)) findings.push(`${where}: ${id} is not a term of the shared ontology files`);
    }
    const copy = concept.definition && copied(concept.definition, shared);
    if (copy) findings.push(`${where}: definition follows a source's wording for ${COPIED_WORDS}+ words: "${copy}"`);
  });

  seeds.relations.forEach((relation, index) => {
    const where = at('relations', index, `${relation.from} ${relation.type} ${relation.to}`);
    for (const source of relation.sources) {
      if (ONTOLOGY_ID.test(source)) {
        const problem = citationProblem(source, relation.from, relation.to);
        if (problem) findings.push(`${where}: cites ${source}, ${problem}`);
      } else if (source.startsWith('article:')) {
        const text = shared.articles.get(source.slice('article:'.length));
        if (text === undefined) findings.push(`${where}: cites ${source}, which is not among the shared articles`);
        else {
          const missing = [relation.from, relation.to].filter((slug) => !mentions(text, namesOf(slug)));
          if (missing.length) findings.push(`${where}: cites ${source}, whose text never names ${missing.join(' or ')} (a related comparison's title is not a source)`);
        }
      }
    }
    const uncited = [...termIds(relation.from), ...termIds(relation.to)].filter(
      (id) => !relation.sources.includes(id) && citationProblem(id, relation.from, relation.to) === null,
    );
    if (uncited.length) findings.push(`${where}: ${uncited.join(' and ')} state${uncited.length === 1 ? 's' : ''} this relation; cite ${uncited.length === 1 ? 'it' : 'them'} among its sources`);
    const copy = relation.evidence && copied(relation.evidence, shared);
    if (copy) findings.push(`${where}: evidence follows a source's wording for ${COPIED_WORDS}+ words: "${copy}"`);
  });

  seeds.comparisons.forEach((comparison, index) => {
    const where = at('comparisons', index, comparison.slug);
    const texts = [comparison.summary ?? '', ...comparison.aspects.flatMap((aspect) => aspect.values)];
    for (const text of texts) {
      const copy = copied(text, shared);
      if (copy) findings.push(`${where}: "${text.slice(0, 60)}…" follows a source's wording for ${COPIED_WORDS}+ words: "${copy}"`);
    }
  });
  return findings;

  /** Why `id` does not state a relation between `from` and `to`, or null when it does. */
  function citationProblem(id: string, from: string, to: string): string | null {
    const term = shared.terms.get(id);
    if (!term) return 'which is not a term of the shared ontology files';
    const fromIds = termIds(from);
    const toIds = termIds(to);
    const other = fromIds.includes(id) ? to : toIds.includes(id) ? from : null;
    if (!other) return `which is the term of neither ${from} nor ${to}`;
    const otherIds = new Set(termIds(other));
    const reached = [...term.isA, ...term.related].some((target) => [...withAncestors(shared.terms, target)].some((up) => otherIds.has(up)));
    if (reached) return null;
    if (term.definition && mentions(term.definition, namesOf(other))) return null;
    return `which states nothing about ${other} (no axiom reaches its term, and its definition does not name it)`;
  }
}

/** The first run of {@link COPIED_WORDS} words `text` shares with a source, or null. */
function copied(text: string, shared: SharedSources): string | null {
  const tokens = words(text);
  for (let start = 0; start + COPIED_WORDS <= tokens.length; start += 1) {
    const phrase = tokens.slice(start, start + COPIED_WORDS).join(' ');
    if (shared.phrases.has(phrase)) return phrase;
  }
  return null;
}
