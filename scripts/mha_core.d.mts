// The Emscripten factory of the wasm core (web/lib/wasm/mha_core.mjs, and
// its relaxed-SIMD twin mha_core_relaxed.mjs, which has the same API),
// copied beside each by scripts/build.sh so that TypeScript's checkJs over
// web/ does not type-check generated code. Only web/lib/ calls it; the
// embind functions it returns are typed where web/lib/mha.js uses them.
export interface CoreModule {
  [name: string]: any;
}
export default function createCore(
  options?: Record<string, unknown>,
): Promise<CoreModule>;
