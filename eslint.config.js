import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { inferkitPlugin } from './scripts/eslint/use-client.js';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/storybook-static/**',
      '.storybook/public/**',
      'bench/.cache/**',
      'coverage/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Named exports only.' }],
    },
  },
  {
    files: ['**/*.config.{js,ts}', '**/vitest.config.ts', 'eslint.config.js', '**/*.stories.tsx', '.storybook/**'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // The two classic hook rules (not the React Compiler rules of the plugin's recommended set).
    files: [
      'packages/{react,components}/src/**/*.{ts,tsx}',
      'apps/playground/**/*.{ts,tsx}',
      '.storybook/**/*.{ts,tsx}',
    ],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    // 'use client' on every component file and every file that calls a hook (scripts/eslint/use-client.js).
    files: ['packages/{react,components}/src/**/*.{ts,tsx}'],
    ignores: ['**/__tests__/**'],
    plugins: { inferkit: inferkitPlugin },
    rules: { 'inferkit/use-client': 'error' },
  },
  {
    files: ['**/__tests__/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  prettier,
);
