// Type-aware lint, zero warnings (STYLE.md habit 11).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.data/**',
      'coverage/**',
      'apps/h5/src/components.d.ts',
      'test-results/**',
      'scripts/**',
      'eslint.config.mjs',
      'jest.config.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/explicit-module-boundary-types': 'off',
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read configuration through AppConfig (libs/core/src/config), not process.env.',
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // The code cache is installed before anything else loads: the one import past an index.
              group: ['@shanchou/*/*', '!@shanchou/core/register-compile-cache', '!@shanchou/core/compile-cache'],
              message: 'Import a library through its index (@shanchou/<lib>).',
            },
          ],
        },
      ],
    },
  },
  {
    // The H5 pages run in the browser: no process.env there; their build and browser tests may read it.
    files: ['apps/h5/e2e/**/*.ts', 'apps/h5/*.mts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['libs/core/src/config/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/unbound-method': 'off' },
  },
  {
    // Plain-JS scripts (bench/): linted without type information.
    files: ['**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    rules: { ...tseslint.configs.disableTypeChecked.rules, 'no-undef': 'off' },
  },
  prettier,
);
