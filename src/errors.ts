import { GraphQLError } from 'graphql';

/**
 * The error catalogue: the codes clients switch on (`extensions.code`), with the HTTP status
 * each answers with and, for service errors, the message and the `Retry-After` they carry.
 * Input, domain and access errors build their own messages (they name the argument or the
 * key); the service errors below say the same thing every time.
 */
export const ERRORS = {
  BAD_REQUEST: { status: 400, message: 'The HTTP request is not a GraphQL request (malformed JSON, a missing query).' },
  PATH_NOT_FOUND: { status: 404, message: 'Nothing is served at this path.' },
  METHOD_NOT_ALLOWED: { status: 405, message: 'This path does not answer that HTTP method.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'The request body is of a type this endpoint does not read.' },
  REQUEST_TOO_LARGE: { status: 413, message: 'The request body is larger than the server reads (1 MiB).' },
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

/**
 * The codes the command line reports (a line on stderr naming the code's message, then the
 * exit status): never on the wire. The error classes that carry them type their `code` as a
 * {@link CliErrorCode}, so none can be used without an entry here.
 */
export const CLI_ERRORS = {
  USAGE: { exit: 2, message: 'An unknown command, option or argument; the line says which, and `ossigraph --help` lists them.' },
  CONFIG: { exit: 1, message: 'A setting in the environment is invalid; every bad one is named with what it accepts.' },
  SEED_INVALID: { exit: 1, message: 'The seed files break their format or the graph\'s rules; every problem with file and line; nothing was written.' },
  ARTICLE_INVALID: { exit: 1, message: 'An article is not in the "X vs Y" format; every problem with file and line; nothing was written.' },
  OBO_INVALID: { exit: 1, message: 'An ontology file is not OBO 1.2 or names an unknown ID prefix; every problem with file and line; nothing was written.' },
  OBO_IMPORT: { exit: 1, message: 'The import cannot run as asked (a --roots term the files do not define); nothing was written.' },
  STARTUP: { exit: 1, message: 'The server cannot start (its port is taken, the data directory is in use).' },
  EMBEDDED_NEO4J: { exit: 1, message: 'The embedded Neo4j cannot start (no Java 17+, the launcher cannot be built, a bad password).' },
  NEO4J_UNREACHABLE: { exit: 1, message: 'NEO4J_URI does not answer, or refuses the user and password.' },
  DATABASE_UNAVAILABLE: { exit: 1, message: 'Neo4j went away while the command ran; a write in progress was rolled back.' },
} as const satisfies Record<string, { exit: number; message: string }>;

export type CliErrorCode = keyof typeof CLI_ERRORS;

/** docs/errors.md, printed from the two catalogues (`npm run export-errors`; a test checks it). */
export function errorsDocument(): string {
  const api = Object.entries(ERRORS).map(([code, entry]) => {
    const retry = 'retryAfterSeconds' in entry ? ` Sent with \`Retry-After: ${entry.retryAfterSeconds}\`.` : '';
    return `| \`${code}\` | ${entry.status} | ${entry.message}${retry} |`;
  });
  const cli = Object.entries(CLI_ERRORS).map(([code, entry]) => `| \`${code}\` | ${entry.exit} | ${entry.message} |`);
  return [
    '# Errors',
    '',
    'Printed from `src/errors.ts` by `npm run export-errors`; a test fails when this file and the catalogue disagree.',
    '',
    '## API',
    '',
    'Every error on the wire is `{ "errors": [{ "message", "extensions": { "code", … } }] }`. GraphQL errors that',
    'concern one argument also carry `extensions.argument`. Status 200 means the error is part of a GraphQL result',
    '(`data` may hold the rest of the answer); other statuses answer the whole request.',
    '',
    '| code | HTTP status | meaning |',
    '|---|---|---|',
    ...api,
    '',
    '## Command line',
    '',
    'The CLI prints one line per problem on stderr (`[ossigraph] …`), never a stack trace, and exits with the status below.',
    '',
    '| code | exit status | meaning |',
    '|---|---|---|',
    ...cli,
    '',
  ].join('\n');
}

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
  code: 'BAD_REQUEST' | 'PATH_NOT_FOUND' | 'METHOD_NOT_ALLOWED' | 'UNSUPPORTED_MEDIA_TYPE' | 'REQUEST_TOO_LARGE' | ServiceCode,
  message: string = ERRORS[code].message,
  retryAfterSeconds?: number,
  headers: Record<string, string> = {},
): Response {
  const service = code === 'DATABASE_UNAVAILABLE' || code === 'OVERLOADED' || code === 'RATE_LIMITED';
  return new Response(JSON.stringify({ errors: [{ message, extensions: { code } }] }), {
    status: ERRORS[code].status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...(service ? serviceHeaders(code, retryAfterSeconds) : {}), ...headers },
  });
}
