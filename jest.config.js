/** `npm test` type-checks and compiles the whole project once with tsc first; jest runs what it compiled (test/jest-transform.js). */
module.exports = {
  testEnvironment: 'node',
  // every core (jest's default leaves one free: on a 2-core machine the tests would run one file at a time)
  maxWorkers: '100%',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': '<rootDir>/test/jest-transform.js',
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // the generated cdk8s bindings (imports/*.ts, 180,000 lines) are loaded as npm test compiled them, not transpiled again per worker
  moduleNameMapper: { '^(?:\\.\\./)+imports/([^/]+)$': '<rootDir>/dist/imports/$1.js' },
  // and so is the code under test (lib/, platform/, apps/), as the tests import it
  resolver: '<rootDir>/test/jest-resolver.js',
  coveragePathIgnorePatterns: ['/node_modules/', '/imports/'],
};
