import type { GraphQLError } from 'graphql';
import { ERRORS } from '../errors.js';

/**
 * The limits a query must keep (graphql-armor enforces them before anything runs), and how
 * a refusal reads: which limit, its value, what the query came to, and what to change —
 * not graphql-js's "Syntax Error:" prefix, since nothing is wrong with the syntax.
 */
export const QUERY_LIMITS = { depth: 16, aliases: 20, tokens: 3000, directives: 20, cost: 1_000_000 } as const;

const REWRITES: [RegExp, (match: RegExpExecArray) => { message: string; limit: keyof typeof QUERY_LIMITS; found: number | null }][] = [
  [/Token limit of (\d+) exceeded/, (m) => ({ limit: 'tokens', found: null, message: `the query has more than ${m[1]} tokens, the most the server reads; ask for fewer fields or send several queries` })],
  [/Query depth limit of (\d+) exceeded, found (\d+)/, (m) => ({ limit: 'depth', found: Number(m[2]), message: `the query nests fields ${m[2]} levels deep; the depth limit is ${m[1]}: follow fewer relations in one query` })],
  [/Aliases limit of (\d+) exceeded, found (\d+)/, (m) => ({ limit: 'aliases', found: Number(m[2]), message: `the query uses ${m[2]} aliases; the limit is ${m[1]}: send several queries` })],
  [/Directives limit of (\d+) exceeded, found (\d+)/, (m) => ({ limit: 'directives', found: Number(m[2]), message: `the query uses ${m[2]} directives; the limit is ${m[1]}` })],
  [
    /Query Cost limit of (\d+) exceeded, found (\d+(?:\.\d+)?)/,
    (m) => ({
      limit: 'cost',
      found: Math.round(Number(m[2])),
      message: `the query would cost ${Math.round(Number(m[2])).toLocaleString('en')} (each field weighs more the deeper it is nested, and a list counts its \`first\` times); the limit is ${Number(m[1]).toLocaleString('en')}: lower the \`first\` arguments of nested lists or nest fewer levels`,
    }),
  ],
];

/** graphql-armor's onReject: a request error (400), QUERY_TOO_COMPLEX, the limit named in words and in extensions. */
export function refuseTooComplex(_context: unknown, error: GraphQLError): void {
  for (const [pattern, rewrite] of REWRITES) {
    const match = pattern.exec(error.message);
    if (!match) continue;
    const { message, limit, found } = rewrite(match);
    (error as { message: string }).message = message;
    Object.assign(error.extensions as Record<string, unknown>, { limit, max: QUERY_LIMITS[limit], ...(found === null ? {} : { found }) });
    break;
  }
  Object.assign(error.extensions as Record<string, unknown>, { code: 'QUERY_TOO_COMPLEX', http: { status: ERRORS.QUERY_TOO_COMPLEX.status } });
}
