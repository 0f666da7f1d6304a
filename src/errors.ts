import { GraphQLError } from 'graphql';

/**
 * The error catalogue: the codes clients switch on (`extensions.code`), with the HTTP status
 * each answers with and, for service errors, the message and the `Retry-After` they carry.
 * Input, domain and access errors build their own messages (they name the argument or the
 * key); the service errors below say the same thing every time.
 */
export const ERRORS = {
  BAD_REQUEST: { status: 400, message: 'The HTTP request is not a GraphQL request (malformed JSON, a missing query).' },
  METHOD_NOT_ALLOWED: { status: 405, message: 'This path does not answer that HTTP method.' },
  BAD_USER_INPUT: { status: 200, message: 'An argument is out of its documented bounds.' },
  VALIDATION: { status: 200, message: 'The input breaks a rule of the graph.' },
  NOT_FOUND: { status: 200, message: 'Nothing has that key.' },
  CONFLICT: { status: 200, message: 'Something with that key exists already.' },
  UNAUTHENTICATED: { status: 401, message: 'Writes need an API key.' },
  FORBIDDEN: { status: 403, message: 'That API key may not write.' },
  QUERY_TOO_COMPLEX: { status: 400, message: 'The query is deeper, wider or costlier than the server allows.' },
  DATABASE_UNAVAILABLE: { status: 503, message: 'The database is unavailable; retry in a few seconds.', retryAfterSeconds: 5 },
  OVERLOADED: { status: 503, message: 'The server is busy; retry in a moment.', retryAfterSeconds: 1 },
  RATE_LIMITED: { status: 429, message: 'This client sends more requests than the server allows it; slow down.', retryAfterSeconds: 1 },
  INTERNAL_SERVER_ERROR: { status: 500, message: 'Unexpected error.' },
} as const satisfies Record<string, { status: number; message: string; retryAfterSeconds?: number }>;

export type ErrorCode = keyof typeof ERRORS;

type ServiceCode = 'DATABASE_UNAVAILABLE' | 'OVERLOADED' | 'RATE_LIMITED';

/** The HTTP headers a service error answers with; `retryAfterSeconds` overrides the catalogue's. */
export function serviceHeaders(code: ServiceCode, retryAfterSeconds: number = ERRORS[code].retryAfterSeconds): Record<string, string> {
  return { 'Retry-After': String(retryAfterSeconds) };
}

/** A service error as a GraphQL error: its catalogue message, code, status and Retry-After. */
export function serviceError(code: 'DATABASE_UNAVAILABLE' | 'OVERLOADED'): GraphQLError {
  return new GraphQLError(ERRORS[code].message, {
    extensions: { code, http: { status: ERRORS[code].status, headers: serviceHeaders(code) } },
  });
}

/**
 * An error as a whole GraphQL-over-HTTP response, for refusals before any execution: the
 * catalogue's status, the given message (the catalogue's by default), and Retry-After for
 * service errors.
 */
export function errorResponse(
  code: 'BAD_REQUEST' | 'METHOD_NOT_ALLOWED' | ServiceCode,
  message: string = ERRORS[code].message,
  retryAfterSeconds?: number,
  headers: Record<string, string> = {},
): Response {
  const service = code !== 'BAD_REQUEST' && code !== 'METHOD_NOT_ALLOWED';
  return new Response(JSON.stringify({ errors: [{ message, extensions: { code } }] }), {
    status: ERRORS[code].status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...(service ? serviceHeaders(code, retryAfterSeconds) : {}), ...headers },
  });
}
