import { GraphQLError } from 'graphql';

/** Stable, machine-readable codes clients can switch on (extensions.code). */
export type ErrorCode = 'BAD_USER_INPUT' | 'NOT_FOUND' | 'INTERNAL_SERVER_ERROR';

/** An argument the caller can fix; the message says which and what is allowed. */
export function badInput(argument: string, message: string): GraphQLError {
  return new GraphQLError(`${argument}: ${message}`, {
    extensions: { code: 'BAD_USER_INPUT' satisfies ErrorCode, argument },
  });
}
