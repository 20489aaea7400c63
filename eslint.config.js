// ESLint for the project's own browser code: `npm run lint` (eslint volunteer/static/js).
// The pages load these files as ES modules and keep no inline code, so they can run under a
// strict Content-Security-Policy: the rules below also refuse what such a policy would block.
import js from "@eslint/js";
import globals from "globals";

export default [
  // vendor/ is copied from npm by `make assets` (scripts/build-vendor.mjs): generated, not ours.
  // The others are other people's code and build output, should anyone run `npx eslint .`.
  // static_dist/ is the same files again under hashed names (make assets), also generated.
  {
    ignores: [
      "volunteer/static/vendor/",
      "volunteer/static_dist/",
      ".venv/",
      "build/",
      "dist/",
      "bench/out/",
    ],
  },
  js.configs.recommended,
  {
    files: ["volunteer/static/js/**/*.js"],
    languageOptions: {
      // The oldest browser we serve is WeChat's Android WebView (Chrome 116): ES2022 syntax.
      ecmaVersion: 2022,
      sourceType: "module",
      globals: globals.browser,
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      "no-var": "error",
      "prefer-const": "error",
      eqeqeq: ["error", "smart"],
      // A strict CSP refuses code built from strings.
      "no-eval": "error",
      "no-implied-eval": "error",
      "no-new-func": "error",
      "no-script-url": "error",
      // People's names and other input go into pages as text only, never as HTML.
      "no-restricted-properties": [
        "error",
        { property: "innerHTML", message: "Use textContent or build elements." },
        { property: "outerHTML", message: "Use textContent or build elements." },
        { property: "insertAdjacentHTML", message: "Use textContent or build elements." },
        { object: "document", property: "write", message: "Build elements instead." },
      ],
    },
  },
  {
    files: ["eslint.config.js", "scripts/**/*.mjs"],
    languageOptions: { sourceType: "module", globals: globals.node },
  },
];
