import DataLoader from 'dataloader';
import type { AspectRow, ComparisonRow } from './graph/comparisons.js';
import type { ConceptRow } from './graph/concepts.js';
import type { Repositories } from './graph/index.js';

/**
 * Per-request loaders: every concept or comparison a request names is fetched once, in one
 * statement per resolver level, however many fields ask for it.
 */
export function createLoaders(repos: Repositories) {
  return {
    concept: new DataLoader<string, ConceptRow | null>((slugs) => repos.concepts.findBySlugs(slugs)),
    comparison: new DataLoader<string, ComparisonRow | null>((slugs) => repos.comparisons.findBySlugs(slugs)),
    comparisonsOfConcept: new DataLoader<string, ComparisonRow[]>((slugs) => repos.comparisons.forConcepts(slugs)),
    aspects: new DataLoader<string, AspectRow[]>((slugs) => repos.comparisons.aspectsOf(slugs)),
  };
}

export interface Context {
  repos: Repositories;
  loaders: ReturnType<typeof createLoaders>;
}

export function createContext(repos: Repositories): Context {
  return { repos, loaders: createLoaders(repos) };
}
