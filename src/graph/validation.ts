import { z } from 'zod';
import { CONCEPT_KINDS, RELATION_TYPE_NAMES, SLUG_PATTERN } from './vocabulary.js';

/**
 * The shape of curated content, checked at every edge it enters by: seed files, GraphQL
 * mutations. One definition, so a seed and an API write obey the same rules.
 */
export const slug = z.string().regex(SLUG_PATTERN, 'must be lowercase kebab-case, e.g. "bone-resorption"').max(120);
export const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);
export const curie = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*:[A-Za-z0-9_.-]+$/, 'must be a CURIE such as CL:0000062');
export const sources = z.array(text(200)).min(1, 'must name at least one source').max(20);

export const ConceptFields = z.strictObject({
  slug,
  name: text(200),
  kind: z.enum(CONCEPT_KINDS),
  definition: text(2000).optional(),
  aliases: z.array(text(200)).max(100).default([]),
  xrefs: z.array(curie).max(50).default([]),
  sources,
});

export const RelationFields = z.strictObject({
  from: slug,
  type: z.enum(RELATION_TYPE_NAMES.filter((type) => type !== 'OTHER') as [string, ...string[]]),
  to: slug,
  evidence: text(1000).optional(),
  sources,
});

export const AspectFields = z.strictObject({ name: text(100), values: z.array(text(2000)).max(2) });

export const ComparisonFields = z.strictObject({
  slug,
  title: text(300),
  concepts: z.array(slug).length(2, 'a comparison compares exactly two concepts'),
  summary: text(4000).optional(),
  aspects: z.array(AspectFields).min(1, 'must have at least one aspect').max(50),
  related: z.array(slug).default([]),
  sources,
});

/** "path.to.field: message" for each problem, for error messages that say what to fix. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`);
}
