import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'scratch/**',
      'test-results/**',
      'docs/api/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  ...tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/explicit-module-boundary-types': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      // Time and Duration render as Spark's "<ms> ms" through toString, on purpose, in messages.
      '@typescript-eslint/restrict-template-expressions': 'off',
      // We ban `!` (no-non-null-assertion); an explicit `as T` after a bounds-checked index stays.
      '@typescript-eslint/non-nullable-type-assertion-style': 'off',
      // Hot paths use indexed loops over arrays on purpose (see STYLE: plain loops).
      '@typescript-eslint/prefer-for-of': 'off',
      '@typescript-eslint/no-unnecessary-type-parameters': 'off',
    },
  },
  {
    files: ['test/**', 'examples/**', 'bench/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'it', property: 'only' },
        { object: 'it', property: 'skip' },
        { object: 'test', property: 'only' },
        { object: 'test', property: 'skip' },
        { object: 'describe', property: 'only' },
        { object: 'describe', property: 'skip' },
      ],
    },
  },
  {
    // The live view's page runs in the browser, as plain ES modules.
    files: ['src/ui/static/**/*.js'],
    languageOptions: {
      globals: {
        document: 'readonly',
        window: 'readonly',
        fetch: 'readonly',
        EventSource: 'readonly',
        requestAnimationFrame: 'readonly',
      },
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    rules: {
      ...tseslint.configs.disableTypeChecked.rules,
      // Plain JS (e.g. scripts/kafka/*.mjs) types its exports in JSDoc or a .d.mts instead.
      '@typescript-eslint/explicit-module-boundary-types': 'off',
    },
  },
  prettier,
);
