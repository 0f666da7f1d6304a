import type { Context } from '../context.js';
import type { ConceptRow } from '../graph/concepts.js';
import { MAX_SEARCH_LENGTH } from '../graph/search.js';
import { badInput } from './errors.js';

/** A concept by slug, else by ontology ID, name or alias; anything else is a clear error naming the argument. */
export async function conceptOf(context: Context, argument: string, input: string): Promise<ConceptRow> {
  if (input.trim().length === 0 || input.length > MAX_SEARCH_LENGTH) throw badInput(argument, `must be 1 to ${MAX_SEARCH_LENGTH} characters, not blank`);
  const bySlug = await context.loaders.concept.load(input);
  if (bySlug) return bySlug;
  const [resolution] = await context.repos.resolve.resolve([input]);
  if (resolution?.status === 'RESOLVED') return resolution.concept!;
  if (resolution?.status === 'AMBIGUOUS') {
    throw badInput(argument, `"${input}" names ${resolution.candidates.length} concepts (${resolution.candidates.map((c) => c.slug).join(', ')}); pass one of their slugs`);
  }
  throw badInput(argument, `no concept has the slug, name, alias or ontology ID "${input}"`);
}

