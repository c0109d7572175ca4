// @ts-check
/**
 * Lint setup: @eslint/js + typescript-eslint recommended (not type-aware, to stay fast),
 * react-hooks for UI code, and import-x for cycles and the dependency direction of DESIGN.md §2:
 *
 *   domain ← engine ← worker          domain ← client ← features ← app      (components: shared UI)
 *
 * Which mechanism enforces what:
 * - import-x/no-restricted-paths (resolved file paths, so it also sees dynamic import()):
 *   folder-to-folder rules, one feature never importing another, and `idb` only in engine/store.
 * - @typescript-eslint/no-restricted-imports (import strings): src/domain imports no packages;
 *   src/client imports src/worker only as `import type` or as `...?worker` (Vite's constructor).
 * - no-restricted-syntax: crypto.subtle / getRandomValues / randomUUID only in src/engine/crypto
 *   (and src/server/crypto: the server's key-encryption key, under Node).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const ROOT = import.meta.dirname;

/** Feature folders (DESIGN.md §2) plus any other folder that appears under src/features. */
const FEATURES = [
  ...new Set([
    'keys',
    'key-rings',
    'access',
    'authorizations',
    'buckets',
    'events',
    'dashboard',
    'settings',
    'hpcs',
    ...listDirs(path.join(ROOT, 'src/features')),
  ]),
];

const TEST_FILES = ['src/**/*.test.ts', 'src/**/*.test.tsx'];
/** Packages test files may import even where production code may import no package. */
const TEST_PACKAGES = ['vitest', 'fast-check', 'fake-indexeddb'];

/** @param {string} dir */
function listDirs(dir) {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
  } catch {
    return [];
  }
}

/**
 * Zones for import-x/no-restricted-paths. Paths are relative to the repository root; `except`
 * is relative to `from`. Test files follow the rules of the folder they sit in.
 * @type {{ target: string | string[], from: string | string[], except?: string[], message: string }[]}
 */
const zones = [
  {
    target: './src/domain',
    from: './src',
    except: ['./domain'],
    message: 'src/domain imports nothing from the project outside src/domain.',
  },
  {
    target: './src/engine',
    from: './src',
    except: ['./domain', './engine'],
    message: 'src/engine may import only src/domain and src/engine.',
  },
  {
    target: './src/worker',
    from: './src',
    except: ['./domain', './engine', './worker'],
    message: 'src/worker may import only src/engine and src/domain.',
  },
  {
    // The Keyward server (SPEC 17): an adapter over the engine, beside src/worker.
    target: './src/server',
    from: './src',
    except: ['./domain', './engine', './server'],
    message: 'src/server may import only src/engine and src/domain.',
  },
  {
    // client → worker is allowed here and narrowed by no-restricted-imports below.
    target: './src/client',
    from: './src',
    except: ['./domain', './client', './worker'],
    message: 'src/client may import only src/domain (and src/worker types / `?worker`).',
  },
  {
    target: ['./src/app', './src/features', './src/components', './src/*.{ts,tsx}'],
    from: ['./src/engine', './src/worker', './src/server'],
    message: 'UI code reaches the engine only through src/client.',
  },
  {
    target: './src/components',
    from: ['./src/features', './src/app'],
    message: 'src/components never imports src/features or src/app.',
  },
  {
    target: './src/features',
    from: './src/app',
    message: 'src/features never imports src/app.',
  },
  ...FEATURES.map((feature) => ({
    target: `./src/features/${feature}`,
    from: './src/features',
    except: [`./${feature}`],
    message: `src/features/${feature} must not import another feature (share via components/, client/ or domain/).`,
  })),
  {
    // src/integration holds tests across layers (client + engine, worker boundary, pages against
    // an in-thread engine) and their helpers: they import each other, nothing else imports them.
    target: ['./src/*.{ts,tsx}', './src/!(integration)/**'],
    from: './src/integration',
    message: 'src/integration holds tests; nothing imports them.',
  },
  {
    // Everything in src except src/engine/store/**.
    target: [
      './src/*.{ts,tsx}',
      './src/!(engine)/**',
      './src/engine/*.{ts,tsx}',
      './src/engine/!(store)/**',
    ],
    from: './node_modules/idb',
    message: 'Only src/engine/store imports idb.',
  },
];

const CRYPTO_MESSAGE =
  'Only src/engine/crypto (and src/server/crypto) may use crypto.subtle, crypto.getRandomValues or crypto.randomUUID.';
const CRYPTO_MEMBERS = '/^(subtle|getRandomValues|randomUUID)$/';

export default defineConfig([
  globalIgnores([
    'dist/',
    'node_modules/',
    'test-results/',
    'playwright-report/',
    'coverage/',
    'bench/results/',
  ]),

  js.configs.recommended,
  tseslint.configs.recommended,

  {
    name: 'keyward/base',
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
    },
  },

  {
    name: 'keyward/node-globals',
    ignores: ['src/**'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    name: 'keyward/src-globals',
    files: ['src/**/*.{ts,tsx}'],
    languageOptions: {
      globals: { ...globals.browser, ...globals.worker },
    },
  },

  {
    name: 'keyward/imports',
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.cts', '.mts', '.js', '.jsx', '.cjs', '.mjs'],
      'import-x/external-module-folders': ['node_modules', 'node_modules/@types'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx', '.cts', '.mts'] },
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          alwaysTryTypes: true,
          project: path.join(ROOT, 'tsconfig.json'),
        }),
      ],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      'import-x/no-duplicates': 'error',
    },
  },

  {
    name: 'keyward/dependency-direction',
    files: ['src/**/*.{ts,tsx}'],
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: ROOT, zones }],
    },
  },

  {
    name: 'keyward/domain-no-packages',
    files: ['src/domain/**/*.{ts,tsx}'],
    ignores: TEST_FILES,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!\\.)',
              message: 'src/domain is plain TypeScript: no packages, no node: builtins.',
            },
          ],
        },
      ],
    },
  },
  {
    name: 'keyward/domain-tests-test-packages-only',
    files: TEST_FILES.map((glob) => glob.replace('src/', 'src/domain/')),
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^(?!\\.|(?:${TEST_PACKAGES.join('|')})(?:/|$))`,
              message: `Tests in src/domain may import only src/domain and ${TEST_PACKAGES.join(', ')}.`,
            },
          ],
        },
      ],
    },
  },
  {
    name: 'keyward/client-worker-types-only',
    files: ['src/client/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // A relative import that climbs out to a `worker` folder (src/worker from
              // src/client), unless it is Vite's worker constructor `...?worker`.
              regex: '^(?!.*\\?worker$)(?:\\.\\./)+worker(?:/|$)',
              allowTypeImports: true,
              message:
                'src/client may import src/worker only with `import type` or as `../worker/<entry>?worker`.',
            },
          ],
        },
      ],
    },
  },

  {
    name: 'keyward/crypto-only-in-engine-crypto',
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/engine/crypto/**', 'src/server/crypto/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: `MemberExpression[property.name=${CRYPTO_MEMBERS}]`, message: CRYPTO_MESSAGE },
        {
          selector: `MemberExpression[computed=true][property.value=${CRYPTO_MEMBERS}]`,
          message: CRYPTO_MESSAGE,
        },
        {
          selector: `ObjectPattern > Property[key.name=${CRYPTO_MEMBERS}]`,
          message: CRYPTO_MESSAGE,
        },
      ],
    },
  },

  {
    name: 'keyward/react-hooks',
    files: ['src/**/*.tsx', 'src/{app,features,components,client}/**/*.ts'],
    ...reactHooks.configs.flat.recommended,
    rules: {
      ...reactHooks.configs.flat.recommended.rules,
      // Lint runs with --max-warnings 0, so a rule is either an error or off.
      'react-hooks/exhaustive-deps': 'error',
      'react-hooks/unsupported-syntax': 'error',
      // Only tells the React Compiler to skip a component; we do not run the compiler.
      'react-hooks/incompatible-library': 'off',
    },
  },
]);
