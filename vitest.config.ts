import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		environment: 'node',
		setupFiles: ['test/helpers/setup-env.ts'],
		testTimeout: 20_000,
		hookTimeout: 20_000,
		// End-to-end tests drive real terminals; keep the machine (2 cores) from thrashing.
		maxWorkers: 2,
	},
});
