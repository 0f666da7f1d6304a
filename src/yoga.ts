import { createYoga, maskError, useReadinessCheck, type Plugin } from 'graphql-yoga';
import { createContext } from './context.js';
import type { Database } from './db/database.js';
import type { Repositories } from './graph/index.js';
import { schema } from './schema/index.js';

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

export interface YogaOptions {
  db: Database;
  repos: Repositories;
  plugins?: Plugin[];
  /** Where unexpected (masked) errors are reported; the client only sees "Unexpected error." */
  logError?: (error: unknown) => void;
}

/** The GraphQL HTTP handler. It does not listen: tests call `yoga.fetch()` directly. */
export function buildYoga({ db, repos, plugins = [], logError = console.error }: YogaOptions) {
  return createYoga({
    schema,
    context: () => createContext(repos),
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    landingPage: false,
    // Never put stack traces or internal messages on the wire, whatever NODE_ENV says.
    maskedErrors: {
      isDev: false,
      maskError: (error, message) => {
        const masked = maskError(error, message, false);
        if (masked !== error) logError(error);
        return masked;
      },
    },
    graphiql: { title: 'ossigraph', defaultQuery: EXAMPLE_OPERATION },
    plugins: [
      useReadinessCheck({
        endpoint: '/ready',
        check: async () => {
          await db.verify();
        },
      }),
      ...plugins,
    ],
  });
}
