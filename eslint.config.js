// Lint rules. The important one is the boundary: the simulation (src/sim) is pure and imports nothing
// upward (no UI, runtime, workers, DOM or UI libraries) and reads no wall clock or ambient randomness.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const impureGlobals = [
  'window',
  'document',
  'navigator',
  'self',
  'performance',
  'setTimeout',
  'setInterval',
  'clearTimeout',
  'clearInterval',
  'requestAnimationFrame',
  'queueMicrotask',
  'Worker',
  'postMessage',
  'crypto',
  'localStorage',
  'fetch',
].map((name) => ({
  name,
  message: 'The simulation is pure: use the virtual clock, the seeded rng and effects.',
}));

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'test-results', 'playwright-report', '.test-output'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    files: ['src/sim/**/*.ts', 'src/scenario/**/*.ts'],
    ignores: ['**/*.test.ts', '**/*.test-util.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'react',
                'react/*',
                'react-dom',
                'react-dom/*',
                'zustand',
                'zustand/*',
                'd3',
                'd3-*',
                'comlink',
              ],
              message: 'The simulation imports no UI or runtime library.',
            },
            {
              group: [
                '**/ui',
                '**/ui/**',
                '**/runtime',
                '**/runtime/**',
                '**/workers',
                '**/workers/**',
                '**/cli/**',
                'node:*',
              ],
              message:
                'Imports flow one way: ui -> runtime/workers -> simulation. The simulation imports nothing upward.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', ...impureGlobals],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use the seeded Rng.' },
        { object: 'Date', property: 'now', message: 'Use ctx.now, the virtual clock.' },
        {
          object: 'Math',
          property: 'exp',
          message: 'Engines may differ: keep transcendental maths out of the simulation.',
        },
        {
          object: 'Math',
          property: 'log',
          message: 'Engines may differ: keep transcendental maths out of the simulation.',
        },
        { object: 'Math', property: 'sin', message: 'Engines may differ.' },
        { object: 'Math', property: 'cos', message: 'Engines may differ.' },
        { object: 'Math', property: 'pow', message: 'Engines may differ.' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date']", message: 'Use ctx.now, the virtual clock.' },
      ],
    },
  },
);
