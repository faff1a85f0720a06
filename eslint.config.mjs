// ESLint for the repo: typescript-eslint's type-aware recommended rules; formatting is Prettier's (eslint-config-prettier).
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import prettier from "eslint-config-prettier";

const UNSAFE_OFF = Object.fromEntries(
  ["no-unsafe-member-access", "no-unsafe-assignment", "no-unsafe-call", "no-unsafe-argument", "no-unsafe-return"].map(
    (r) => [`@typescript-eslint/${r}`, "off"],
  ),
);

export default tseslint.config(
  {
    ignores: [
      "eslint.config.mjs",
      "dist/**",
      "node_modules/**",
      ".tools/**",
      ".pulumi-demo/**",
      "test/e2e/programs/**",
      "examples/**/*.js",
      "test/resources/shim.golden.js",
      "test/report/fixtures/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Lifecycle and route signatures are Promise-returning by contract; an `async` body without `await` is the
      // plain way to meet it.
      "@typescript-eslint/require-await": "off",
      // Unused names are errors, except a deliberate `_` prefix (ignored parameters of lifecycle signatures).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
    },
  },
  {
    // The serialized shim loads the implementation by package name at call time: require() is the point, and what it
    // returns is untyped by construction (the stored copy must not import types that could change).
    files: ["provider/resources/shim.ts"],
    rules: { "@typescript-eslint/no-require-imports": "off", ...UNSAFE_OFF },
  },
  {
    // Tests read JSON off the wire (sandbox responses, engine outputs) and assert its shape: the assertion is the type
    // check. The conformance checker walks arbitrary OpenAPI schemas and bodies, which have no static type.
    files: ["test/**/*.ts", "sandbox/conformance.ts", "sandbox/spec-document.ts"],
    rules: { ...UNSAFE_OFF, "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    // Express hands the sandbox's routes their request bodies as `any`; the conformance suite validates every
    // exchange against the OpenAPI specs, which is the sandbox's check on those shapes.
    files: ["sandbox/routes/**/*.ts"],
    rules: UNSAFE_OFF,
  },
  {
    // The sandbox compares and prints JSON scalars and query values the way the real APIs do (String(value)).
    files: ["sandbox/**/*.ts"],
    rules: { "@typescript-eslint/no-base-to-string": "off", "@typescript-eslint/restrict-template-expressions": "off" },
  },
  {
    // Plain Node scripts (CommonJS), outside the TypeScript project.
    files: ["**/*.js", "**/*.cjs"],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      sourceType: "commonjs",
      globals: {
        require: "readonly",
        module: "writable",
        process: "readonly",
        __dirname: "readonly",
        console: "readonly",
      },
    },
    rules: { ...tseslint.configs.disableTypeChecked.rules, "@typescript-eslint/no-require-imports": "off" },
  },
  prettier,
);
