import type { ConceptRow } from './concepts.js';
import type { RelationRow } from './relations.js';
import { capitalise, inSentence } from './related-reasons.js';
import { RELATION_TYPES } from './vocabulary.js';

function phrase(relation: Pick<RelationRow, 'type' | 'predicate'>, forward: boolean): string {
  if (relation.type === 'OTHER' && relation.predicate) {
    return forward ? `is related (${relation.predicate}) to` : `is related (${relation.predicate}) from`;
  }
  const info = RELATION_TYPES[relation.type];
  return forward ? info.reads : info.inverse;
}

/**
 * A path told as one sentence, each relation read in the direction the path walks it:
 * "Osteoblast is capable of ossification, which produces bone."
 */
export function explainPath(concepts: readonly ConceptRow[], relations: readonly RelationRow[]): string {
  const [start] = concepts;
  if (!start) return '';
  const name = (concept: ConceptRow) => inSentence(concept.name);
  const subject = capitalise(start.name);
  if (relations.length === 0) return `${subject}.`;
  const steps = relations.map((relation, index) => {
    const here = concepts[index]!;
    const next = concepts[index + 1]!;
    const forward = relation.from.slug === here.slug;
    return `${phrase(relation, forward)} ${name(next)}`;
  });
  const [first, ...rest] = steps;
  return `${subject} ${first}${rest.map((step) => `, which ${step}`).join('')}.`;
}
