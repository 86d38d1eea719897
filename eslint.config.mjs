// ESLint flat config: typescript-eslint's type-aware recommended rules over every
// project .ts file, the function-length limit outside tests, and Prettier owning layout
// (eslint-config-prettier, last, switches off every rule that would fight it).
// `npm run lint:eslint` runs it with --max-warnings 0: a warning fails like an error.
import eslint from "@eslint/js";
import prettier from "eslint-config-prettier/flat";
import { defineConfig, globalIgnores } from "eslint/config";
import tseslint from "typescript-eslint";

export default defineConfig(
  // What .gitignore ignores: installs, build output and the tools' own folders.
  globalIgnores(["node_modules/", "cdktf.out/", ".build/", ".gen/", ".tools/", ".node/", ".cache/", "coverage/"]),
  eslint.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // `_name` marks a parameter or binding kept for its position (a handler's
      // signature, a destructured field left out on purpose).
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" }],
      // A function that implements a Promise-returning interface (the Lambda handler, the
      // engine's task integrations, bench and test handlers) is written `async` even when
      // it awaits nothing, so that a throw inside it becomes a rejection, as its callers
      // expect; dropping `async` to please this rule would change that behaviour.
      "@typescript-eslint/require-await": "off",
    },
  },
  {
    // Tests probe untyped JSON (synthesized Terraform, CLI output, AWS responses) by
    // path, and the assertion on the value is the check: typing every probe would add
    // casts, not safety. Production code keeps these rules.
    files: ["__tests__/**"],
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-return": "off",
    },
  },
  {
    // The issue's target: no function over 60 lines outside tests, "counted from its
    // first to its last line", so blank lines and comments count too.
    files: ["**/*.ts"],
    ignores: ["__tests__/**"],
    rules: {
      "max-lines-per-function": ["error", { max: 60, skipBlankLines: false, skipComments: false, IIFEs: true }],
    },
  },
  {
    // Plain CommonJS/ESM config files: no type information, Node's globals.
    files: ["**/*.js", "**/*.mjs", "**/*.cjs"],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      sourceType: "commonjs",
      globals: { module: "writable", require: "readonly", process: "readonly", __dirname: "readonly", setTimeout: "readonly" },
    },
  },
  {
    files: ["**/*.mjs"],
    languageOptions: { sourceType: "module" },
  },
  prettier,
);
