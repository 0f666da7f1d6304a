import DataLoader from 'dataloader';
import type { WriteAccess } from './auth.js';
import type { AspectRow, ComparisonRow } from './graph/comparisons.js';
import type { ConceptRow, Page } from './graph/concepts.js';
import { FULL_PROJECTION, type RelationListOptions, type RelationRow } from './graph/relations.js';
import type { Repositories } from './graph/index.js';

/**
 * Dispatch a batch once every resolver of the current level has asked: GraphQL resolves the
 * items of a list over several promise ticks, and DataLoader's default (the end of the
 * current tick) would split one level into several statements.
 */
const options = { batchScheduleFn: (dispatch: () => void) => setImmediate(dispatch) };

/**
 * Per-request loaders: every concept or comparison a request names is fetched once, in one
 * statement per resolver level, however many fields ask for it.
 */
export function createLoaders(repos: Repositories) {
  // One loader per distinct argument set and projection of Concept.relations, so a nested
  // level that asks the same thing of many concepts becomes one statement.
  const relationLoaders = new Map<string, DataLoader<string, Page<RelationRow>>>();
  const relations = (listOptions: RelationListOptions) => {
    const { concepts, provenance } = listOptions.projection ?? FULL_PROJECTION;
    const key = JSON.stringify([listOptions.direction, listOptions.types ?? null, listOptions.first, listOptions.afterKey ?? null, concepts, provenance]);
    let loader = relationLoaders.get(key);
    if (!loader) {
      loader = new DataLoader((slugs) => repos.relations.forConcepts(slugs, listOptions), options);
      relationLoaders.set(key, loader);
    }
    return loader;
  };
  return {
    relations,
    concept: new DataLoader<string, ConceptRow | null>((slugs) => repos.concepts.findBySlugs(slugs), options),
    comparison: new DataLoader<string, ComparisonRow | null>((slugs) => repos.comparisons.findBySlugs(slugs), options),
    comparisonsOfConcept: new DataLoader<string, ComparisonRow[]>((slugs) => repos.comparisons.forConcepts(slugs), options),
    aspects: new DataLoader<string, AspectRow[]>((slugs) => repos.comparisons.aspectsOf(slugs), options),
  };
}

export interface Context {
  repos: Repositories;
  loaders: ReturnType<typeof createLoaders>;
  /** Whether this request may run mutations, and if not, why. */
  writeAccess: WriteAccess;
}

export function createContext(repos: Repositories, writeAccess: WriteAccess): Context {
  return { repos, loaders: createLoaders(repos), writeAccess };
}
