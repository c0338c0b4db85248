/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	// The end-to-end suite runs against a real n8n: `npm run test:e2e` (jest.e2e.config.js).
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/'],
	transform: { '^.+\\.ts$': 'ts-jest' },
	// n8n-core writes its config under N8N_USER_FOLDER; point it at a temp folder per run.
	setupFiles: ['<rootDir>/test/setup-env.ts'],
	testTimeout: 30000,
};
