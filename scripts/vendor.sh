#!/usr/bin/env bash
# Copies the third-party browser files the page uses from node_modules into
# web/vendor/ (not committed), so the page is served from its own origin
# with no CDN: KaTeX (formulas), compromise (part-of-speech tagger) and
# gpt-tokenizer (GPT-2's byte-level BPE, web/lib/gpt2-tokenizer.js).
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

# gpt-tokenizer: only the ES modules that its r50k_base entry (GPT-2's
# vocabulary) imports, in the package's own layout, so that no other
# vocabulary is copied or loaded. The list is that entry's import closure in
# gpt-tokenizer 4.0.0 (package.json pins it); tests/js/gpt2-tokenizer.test.mjs
# fails if a file it imports is missing here. Copied fresh each run.
gt=node_modules/gpt-tokenizer
rm -rf "$out/gpt-tokenizer"
mkdir -p "$out/gpt-tokenizer/esm"
for f in package.json encoding/r50k_base.js bpeRanks/r50k_base.js \
  BytePairEncodingCore.js GptEncoding.js constants.js functionCalling.js \
  mapping.js modelParams.js modelsChatEnabled.gen.js modelsMap.js \
  specialTokens.js utfUtil.js util.js _virtual/_rolldown/runtime.js \
  encodingParams/constants.js encodingParams/cl100k_base.js \
  encodingParams/o200k_base.js encodingParams/o200k_harmony.js \
  encodingParams/p50k_base.js encodingParams/p50k_edit.js \
  encodingParams/r50k_base.js; do
  mkdir -p "$(dirname "$out/gpt-tokenizer/esm/$f")"
  cp "$gt/esm/$f" "$out/gpt-tokenizer/esm/$f"
done
cp "$gt/LICENSE" "$out/gpt-tokenizer/LICENSE"
# The two modules web/lib/gpt2-tokenizer.js imports are .js files, so their
# declarations are .d.ts files beside them, typed from the package's own.
for entry in encoding/r50k_base bpeRanks/r50k_base; do
  printf 'export * from "gpt-tokenizer/%s";\nexport { default } from "gpt-tokenizer/%s";\n' \
    "$entry" "$entry" >"$out/gpt-tokenizer/esm/$entry.d.ts"
done
