import { RELATION_TYPES, type RelationType } from './vocabulary.js';

/**
 * The sentences behind a related topic, built from the paths the ranking query found
 * (related-ranking.ts). Pure, so a table of paths and sentences can pin them in tests.
 */

/** How a candidate is reached from the concept asked about: one relation, or two through `via`. */
export type RankedPath =
  | { compared: string }
  | { type: RelationType; out: boolean }
  | { type: RelationType; out: boolean; via: string; viaName: string; nextType: RelationType; nextOut: boolean };

/** The phrase of a relation read from one end: `out` when that end is the subject. */
export function phrase(type: RelationType, out: boolean): string {
  const info = RELATION_TYPES[type];
  return out ? info.reads : info.inverse;
}

/** "is carried out by" → "are carried out by", "produces" → "produce", "has its basis in" → "have their basis in". */
export function plural(verbPhrase: string): string {
  const [verb, ...rest] = verbPhrase.split(' ');
  const irregular: Record<string, string> = { is: 'are', has: 'have' };
  const plain = irregular[verb!] ?? (verb!.endsWith('s') && !verb!.endsWith('ss') ? verb!.slice(0, -1) : verb!);
  return [plain, ...rest].join(' ').replace(/ its /, ' their ');
}

/** "are a kind of" → "are both a kind of", "affect" → "both affect", "have their basis in" → "both have their basis in". */
function both(verbPhrase: string): string {
  return verbPhrase.startsWith('are ') ? verbPhrase.replace(/^are /, 'are both ') : `both ${verbPhrase}`;
}

/** A name inside a sentence: "Bone" → "bone", but "RUNX2" and "Paget's disease of bone" keep their case. */
export function inSentence(name: string): string {
  return /^[A-Z][a-z]/.test(name) && !/^[A-Z][a-z]*'s\b/.test(name) ? name.charAt(0).toLowerCase() + name.slice(1) : name;
}

/** A sentence's first letter as a capital: imported names ("cell") are lower-case. */
export const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Why `subject` is related to `candidate`, one sentence per path. */
export function pathSentence(subject: string, candidate: string, path: RankedPath): string {
  if ('compared' in path) return `${subject} and ${inSentence(candidate)} are compared in “${path.compared}”`;
  if (!('via' in path)) return `${subject} ${phrase(path.type, path.out)} ${inSentence(candidate)}`;
  // `nextOut` reads the second relation from the middle concept; seen from the candidate it flips.
  const sameRole = path.type === path.nextType && path.out === !path.nextOut;
  return sameRole
    ? `${subject} and ${inSentence(candidate)} ${both(plural(phrase(path.type, path.out)))} ${inSentence(path.viaName)}`
    : `${subject} ${phrase(path.type, path.out)} ${inSentence(path.viaName)}, which ${phrase(path.nextType, path.nextOut)} ${inSentence(candidate)}`;
}

export const CURATED_REASON = 'curated as a related comparison';
export const sharedConceptReason = (concept: string) => `shares the concept ${inSentence(concept)}`;
export const curatedNeighbourReason = (title: string) => `both are listed as related to “${title}”`;
export const comparesReason = (subject: string, other: string) => `compares ${inSentence(subject)} with ${inSentence(other)}`;
