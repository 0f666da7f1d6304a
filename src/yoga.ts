import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { useGraphQlJit } from '@envelop/graphql-jit';
import {
  getLocation,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  visit,
  type DocumentNode,
  type ExecutionResult,
  type FieldNode,
} from 'graphql';
import { createYoga, maskError, type Plugin } from 'graphql-yoga';
import { writeAccess } from './auth.js';
import { createContext } from './context.js';
import type { Database } from './db/database.js';
import type { Repositories } from './graph/index.js';
import { schema } from './schema/index.js';
import { useExplorer } from './web/static.js';
import { ERRORS, serviceError } from './errors.js';
import { DatabaseUnavailableError } from './db/supervisor.js';
import { useAdmissionControl, type Admission } from './http/admission.js';
import { useRateLimit, type RateLimitOptions } from './http/rate-limit.js';
import { createReadiness, useReadiness, type Readiness } from './http/readiness.js';
import { requestIdOf, useRequestId } from './http/request-id.js';
import type { LogFields } from './log.js';
import { useGetParameterCheck } from './http/get-params.js';
import { useExport } from './http/export.js';
import { useCompression } from './http/compression.js';
import { corsPolicy } from './http/cors.js';
import { useGraphiQL } from './http/graphiql.js';
import { useJsonErrorBodies } from './http/error-bodies.js';
import { useSecurityHeaders } from './http/security-headers.js';
import { QUERY_LIMITS, refuseTooComplex } from './http/query-limits.js';
import { useRequestBodyLimit } from './http/request-body.js';

/** The operation GraphiQL opens with: the traversal the product is known for. */
export const EXAMPLE_OPERATION = `# osteoblast → ossification → bone: follow outgoing relations two steps.
# Press ▶ to run. Try also: path(from: "osteoblast", to: "bone") { length concepts { slug } }
query OsteoblastToBone {
  concept(slug: "osteoblast") {
    name
    definition
    relations(direction: OUT) {
      edges {
        node {
          type
          to {
            slug
            relations(direction: OUT) {
              edges { node { type to { slug } } }
            }
          }
        }
      }
    }
  }
}
`;

/** More operations, one GraphiQL tab each. */
export const EXAMPLE_TABS = [
  { query: EXAMPLE_OPERATION },
  { query: `# Autocomplete and typo-tolerant search\nquery Search {\n  search(query: "osteo", first: 5) { score matchedOn concept { slug name kind } }\n}\n` },
  { query: `# How are two concepts connected?\nquery Paths {\n  paths(from: "osteoblast", to: "bone", k: 3) { length explanation }\n}\n` },
  { query: `# Which connections matter: paths ranked with hubs damped, grouped by pattern\nquery Connections {\n  connections(from: "osteoblast", to: "bone", maxDepth: 3, first: 5) {\n    totalPaths\n    paths { score pattern explanation }\n    patterns { pattern count score example }\n  }\n}\n` },
  { query: `# A comparison's table, side by side\nquery Comparison {\n  comparison(slug: "calcification-vs-ossification") {\n    title concepts { name } aspects { name values }\n  }\n}\n` },
  { query: `# Hierarchies: what dermal ossification is a kind of, and what bone is made of\nquery Hierarchy {\n  concept(slug: "dermal-ossification") {\n    parents { edges { node { name } } }\n    ancestors { totalCount edges { distance node { name } } }\n  }\n  bone: concept(slug: "bone") {\n    descendants(first: 10) { totalCount edges { distance node { name } } }\n  }\n  search(query: "bone", within: "bone", first: 5) { matchedOn matchedText concept { slug } }\n}\n` },
  { query: `# Map a list of IDs, names and aliases to concepts, saying why when one does not resolve\nquery Resolve {\n  resolve(ids: ["CL:0000062", "osteoclasts", "Lacunae", "no such thing"]) {\n    input status matchedOn concept { slug name } candidates { slug } message\n  }\n}\n` },
  { query: `# Compare any two concepts: the curated table when there is one, else one built from the graph\nquery Compare {\n  compare(a: "RANKL", b: "osteoprotegerin") {\n    title generated similarity reasons\n    aspects { name values }\n    commonAncestor { concept { name } distances }\n    sentences\n  }\n}\n` },
  { query: `# Related topics, with reasons\nquery Related {\n  comparison(slug: "osteoporosis-vs-osteomalacia") {\n    related(first: 5) { score reasons topic { ... on Comparison { slug title } } }\n  }\n}\n` },
];

export interface YogaOptions {
  db: Database;
  repos: Repositories;
  plugins?: Plugin[];
  /** API keys allowed to run mutations; none means writes are off. */
  writeKeys?: readonly string[];
  /**
   * Where unexpected (masked) errors are reported, once each, with the request's id and
   * operation; the client only sees "Unexpected error." and the id in `x-request-id`.
   */
  logError?: (error: unknown, fields?: LogFields) => void;
  /** Bound on concurrent GraphQL requests (see http/admission.ts); unbounded when absent. */
  admission?: Admission;
  /** The /ready check, shared with the HTTP server's front door; one of its own when absent. */
  readiness?: Readiness;
  /** Per-client rate limit (see http/rate-limit.ts); off when absent. */
  rateLimit?: RateLimitOptions;
  /** CORS origins, frame ancestors, public source maps (see http/cors.ts, http/security-headers.ts); safe defaults when absent. */
  web?: { corsOrigins: readonly string[]; frameAncestors: string; sourceMaps: boolean };
}

/**
 * Executes repeated operations through graphql-jit, which compiles an operation into a
 * function once instead of interpreting its selection on every request: wide traversals
 * spend most of their Node time walking edges { node { ... } } objects. Guards keep the
 * answers those of the interpreter:
 * - an operation runs compiled from its second request on, so one-off queries (a client
 *   sending ever-new text) cost no compilation;
 * - operations whose variables do not coerce run through the interpreter, which reports
 *   them as a request error (HTTP 400) as GraphQL over HTTP asks; the compiled path would
 *   answer 200 (graphql-yoga issue 2967);
 * - errors of compiled runs carry line and column but not the document nodes yoga rebuilds
 *   errors from, so they are given their nodes back, and keep their `locations`.
 */
function useCompiledExecution() {
  const seen = new WeakMap<DocumentNode, number>();
  const jit = useGraphQlJit({}, {
    enableIf: ({ schema, document, operationName, variableValues }) => {
      const count = (seen.get(document) ?? 0) + 1;
      seen.set(document, count);
      if (count < 2) return false;
      const operation = getOperationAST(document, operationName);
      // Subscriptions run through the interpreter: compiled, a repeated one answered 500.
      if (!operation || operation.operation === 'subscription') return false;
      return !getVariableValues(schema, operation.variableDefinitions ?? [], variableValues ?? {}).errors;
    },
  });
  const withNodes = (error: GraphQLError, document: DocumentNode): GraphQLError => {
    if (error.nodes || !error.locations?.length) return error;
    const at = new Set(error.locations.map(({ line, column }) => `${line}:${column}`));
    const nodes: FieldNode[] = [];
    visit(document, {
      Field(node) {
        const start = node.loc && getLocation(node.loc.source, node.loc.start);
        if (start && at.has(`${start.line}:${start.column}`)) nodes.push(node);
      },
    });
    return new GraphQLError(error.message, { nodes, path: error.path, originalError: error.originalError, extensions: error.extensions });
  };
  return {
    onPluginInit({ addPlugin }: { addPlugin: (plugin: typeof jit) => void }) {
      addPlugin(jit);
    },
    onExecute({ args }: { args: { document: DocumentNode } }) {
      return {
        onExecuteDone({ result, setResult }: { result: ExecutionResult | AsyncIterable<ExecutionResult>; setResult: (result: ExecutionResult) => void }) {
          if (!('errors' in result) || !result.errors?.some((error) => !error.nodes && error.locations)) return;
          setResult({ ...result, errors: result.errors.map((error) => withNodes(error, args.document)) });
        },
      };
    },
  };
}

/**
 * Logs each execution error that will reach the client masked (a bug, not a refusal), once,
 * with the request's id, the operation and the field's path.
 */
function useErrorLog(logError: (error: unknown, fields?: LogFields) => void): Plugin<{ request: Request }> {
  return {
    onExecute({ args }) {
      return {
        onExecuteDone({ result }) {
          if (!('errors' in result) || !result.errors) return;
          for (const error of result.errors) {
            if (isDatabaseUnavailable(error) || maskError(error, '', false) === error) continue;
            logError(error, {
              requestId: requestIdOf(args.contextValue.request),
              operation: getOperationAST(args.document, args.operationName)?.name?.value,
              path: error.path?.join('.'),
            });
          }
        },
      };
    },
  };
}

const isDatabaseUnavailable = (error: unknown) =>
  error instanceof DatabaseUnavailableError || (error instanceof GraphQLError && error.originalError instanceof DatabaseUnavailableError);

/** The GraphQL HTTP handler. It does not listen: tests call `yoga.fetch()` directly. */
export function buildYoga({
  db,
  repos,
  plugins = [],
  writeKeys = [],
  logError = console.error,
  admission,
  rateLimit,
  readiness = createReadiness(db),
  web = { corsOrigins: [], frameAncestors: "'self'", sourceMaps: false },
}: YogaOptions) {
  return createYoga({
    schema,
    cors: corsPolicy(web.corsOrigins),
    context: ({ request }) => createContext(repos, writeAccess(request.headers.get('authorization'), writeKeys)),
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    landingPage: false,
    // Bodies are bounded by useRequestBodyLimit, without yoga's stream per request.
    maxRequestBodySize: false,
    // Never put stack traces or internal messages on the wire, whatever NODE_ENV says.
    maskedErrors: {
      isDev: false,
      maskError: (error, message) => (isDatabaseUnavailable(error) ? serviceError('DATABASE_UNAVAILABLE') : maskError(error, message, false)),
    },
    // Yoga reports each error it masked, and anything unexpected in its pipeline, here.
    // Execution errors were logged with their request by useErrorLog; a lost database is not
    // reported per request: the supervisor logged it once.
    logging: {
      debug: () => {},
      info: () => {},
      warn: (...args: unknown[]) => console.warn(...args),
      error: (error: unknown) => {
        if (!isDatabaseUnavailable(error) && !(error instanceof GraphQLError && error.path)) logError(error);
      },
    },
    // GraphiQL is served by useGraphiQL (http/graphiql.ts): rendered once, compressed, with an ETag.
    graphiql: false,
    plugins: [
      // Limits tuned so the traversal example and the explorer's queries pass with room to
      // spare, while a query nested, aliased or sized to exhaust the server is refused.
      EnvelopArmorPlugin({
        maxDepth: { n: QUERY_LIMITS.depth, onReject: [refuseTooComplex] },
        maxAliases: { n: QUERY_LIMITS.aliases, onReject: [refuseTooComplex] },
        maxTokens: { n: QUERY_LIMITS.tokens, onReject: [refuseTooComplex] },
        maxDirectives: { n: QUERY_LIMITS.directives, onReject: [refuseTooComplex] },
        // Cost counts each field, weighs nesting by 1.5 per level and multiplies a list by
        // its `first`: two levels of 50 pass, three levels of relations(first: 100) do not.
        costLimit: { maxCost: QUERY_LIMITS.cost, objectCost: 2, scalarCost: 1, depthCostFactor: 1.5, onReject: [refuseTooComplex] },
        blockFieldSuggestion: { enabled: false },
      }),
      useRequestId(),
      useRequestBodyLimit(),
      useErrorLog(logError),
      useReadiness(readiness),
      useGetParameterCheck(),
      ...(rateLimit ? [useRateLimit(rateLimit)] : []),
      ...(admission ? [useAdmissionControl(admission)] : []),
      useSecurityHeaders({ frameAncestors: web.frameAncestors }),
      useCompression(),
      useJsonErrorBodies(),
      useGraphiQL({ title: 'ossigraph', defaultQuery: EXAMPLE_OPERATION, defaultTabs: EXAMPLE_TABS, sourceMaps: web.sourceMaps }),
      useExplorer({ sourceMaps: web.sourceMaps }),
      useExport(repos.exports, admission),
      useCompiledExecution(),
      ...plugins,
    ],
  });
}
