#!/usr/bin/env bash
# Copies the third-party browser files the page uses from node_modules into
# web/vendor/ (not committed), so the page is served from its own origin
# with no CDN: KaTeX (formulas) and compromise (part-of-speech tagger).
set -euo pipefail
cd "$(dirname "$0")/.."
out=web/vendor
mkdir -p "$out/katex/fonts" "$out/compromise"
cp node_modules/katex/dist/katex.mjs node_modules/katex/dist/katex.min.css "$out/katex/"
cp node_modules/katex/dist/fonts/*.woff2 "$out/katex/fonts/"
cp node_modules/katex/LICENSE "$out/katex/LICENSE"
cp node_modules/compromise/builds/two/compromise-two.mjs "$out/compromise/"
cp node_modules/compromise/LICENSE "$out/compromise/LICENSE" 2>/dev/null || true
# Declarations beside the copies, so that TypeScript's checkJs over web/
# (tsconfig.json) types them from the packages' own .d.ts files.
echo 'export { default } from "katex";' >"$out/katex/katex.d.mts"
echo 'export { default } from "compromise/two";' >"$out/compromise/compromise-two.d.mts"
