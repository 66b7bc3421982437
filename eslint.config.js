// Lint rules that hold the project's constitution: no `any`, files under 400 lines, and import boundaries.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const noMainFromRenderer = {
  patterns: [
    { group: ['**/main/**', '@main/*'], message: 'The renderer talks to main only through the IPC contract.' },
    {
      group: ['electron', 'node:*', 'better-sqlite3', 'drizzle-orm*'],
      message: 'The renderer runs in a browser sandbox.',
    },
  ],
};
const coreIsElectronFree = {
  patterns: [
    { group: ['electron', 'electron/*'], message: 'src/main/core is Electron-free: pass a capability in CoreOptions.' },
    {
      group: ['**/main/electron/**', '**/main/web/**', '**/main/cli/**', '**/main/index', '**/main/index.ts'],
      message: 'The core never imports a front door; the front doors import the core.',
    },
    {
      group: [
        '../electron/**',
        '../web/**',
        '../cli/**',
        '../index',
        '../../electron/**',
        '../../web/**',
        '../../cli/**',
        '../../index',
      ],
      message: 'The core never imports a front door; the front doors import the core.',
    },
  ],
};
const sharedIsNeutral = {
  patterns: [
    { group: ['**/main/**', '**/renderer/**', '**/preload/**'], message: 'src/shared imports no process code.' },
    { group: ['electron', 'node:*', 'react', 'react-dom'], message: 'src/shared is process-neutral.' },
  ],
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'coverage/**', 'node_modules/**', 'src/main/core/db/migrations/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      'max-lines': ['error', { max: 400, skipBlankLines: false, skipComments: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', noMainFromRenderer],
    },
  },
  {
    files: ['src/main/core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', coreIsElectronFree] },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', sharedIsNeutral] },
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/main/**', '**/renderer/**'], message: 'The preload is a generic forwarder.' }] },
      ],
    },
  },
);
