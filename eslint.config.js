import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** The feature modules, above the platform layer (common, config, database) and places. */
const FEATURE_MODULES = ['auth', 'users', 'cooperatives', 'audit', 'jobs', 'miners', 'sites', 'places', 'purchases', 'savings', 'governance', 'risk', 'standards', 'reports', 'admin', 'organisations', 'observers'];
/** The files of common that the pure rules may use: no framework, no I/O. */
const PURE_COMMON = ['calendar-date', 'domain-error', 'money', 'stable-json', 'time-zone'];
/**
 * Rules that still import their module's entities or another module's non-rule file: each is
 * a debt of that module, listed here so the rule holds for every other file; delete an entry
 * when its file is fixed.
 */
const RULES_LAYERING_DEBTS = ['src/reports/rules/jurisdiction.ts', 'src/risk/rules/flag-visibility.ts'];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'coverage/', 'web/', '**/*.cjs', '**/*.mjs', 'jest.config.js', 'eslint.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node, ...globals.jest },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  // Dependencies point one way: the platform (common, config, database) and the places below
  // the modules know no feature module, and the pure rules know no framework.
  {
    files: ['src/common/**/*.ts', 'src/places/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ regex: `^(\\.\\./)+(${FEATURE_MODULES.join('|')})/`, message: 'The platform layer imports no feature module: declare what it needs in common.' }] }],
    },
  },
  {
    files: ['src/database/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ regex: '^\\.\\./(?!common/|config/|\\.\\./migrations/)', message: 'The database layer imports only common and config.' }] }],
    },
  },
  {
    files: ['src/**/rules/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.fixture.ts', ...RULES_LAYERING_DEBTS],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: ['pg', 'typeorm', 'fastify'].map((name) => ({ name, message: 'A pure rule imports no framework.' })),
        patterns: [
          { regex: '^(@nestjs/|typeorm/|pg-)', message: 'A pure rule imports no framework.' },
          { regex: `^(?!\\./|(\\.\\./)+([\\w-]+/)*rules/[\\w.-]+$|(\\.\\./)+common/(${PURE_COMMON.join('|')})\\.js$)\\.\\.?/`, message: 'A pure rule imports only other rules and the pure files of common (types may come from anywhere: they vanish at run time).', allowTypeImports: true },
        ],
      }],
    },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
);
