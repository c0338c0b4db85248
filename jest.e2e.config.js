/**
 * End-to-end tests against a real n8n 2.x (Node 24, installed by dev/n8n/install-host.sh) with this
 * package installed as a community package: `npm run test:e2e` (builds first) or
 * `npx jest -c jest.e2e.config.js` (uses the current dist/).
 * Needs Debian's chromium, redis-server and postgresql (dev/n8n/install-system.sh).
 * @type {import('jest').Config}
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: { isolatedModules: true } }] },
	// Installs the n8n host when missing (a few minutes, once per machine) and packs the package.
	globalSetup: '<rootDir>/test/e2e/global-setup.ts',
	// Each file starts its own n8n (and the queue test a main, two workers, Redis and PostgreSQL):
	// one file at a time on a 2-core machine.
	maxWorkers: 1,
	testTimeout: 300000,
	verbose: true,
};
