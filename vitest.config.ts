import { defineConfig } from 'vitest/config';

export default defineConfig({
  // graphql ships CJS and ESM builds without an exports map: Node (and so Pothos and yoga)
  // loads the CJS one, and our sources must get the same instance or instanceof checks fail.
  resolve: { alias: { graphql: 'graphql/index.js' } },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // One Neo4j (Community has one user database) serves every file; files run one after
    // another so a file that counts nodes never sees another file's writes in flight.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 240_000,
    reporters: ['default'],
  },
});
