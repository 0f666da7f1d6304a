import { GraphQLError } from 'graphql';
import type { ErrorCode } from '../errors.js';

/** An argument the caller can fix; the message says which and what is allowed. */
export function badInput(argument: string, message: string): GraphQLError {
  return new GraphQLError(`${argument}: ${message}`, {
    extensions: { code: 'BAD_USER_INPUT' satisfies ErrorCode, argument },
  });
}

/** An integer argument checked against its documented bounds; returned unchanged when inside. */
export function intInRange(argument: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) throw badInput(argument, `must be between ${min} and ${max}, got ${value}`);
  return value;
}
