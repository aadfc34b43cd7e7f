/**
 * The Content Security Policy of Chrome extensions and many sites: scripts only from the page's
 * own origin, WebAssembly allowed, no `eval` or `new Function`.
 */
export const STRICT_CSP = "script-src 'self' 'wasm-unsafe-eval'";

/**
 * True while config validation compiles its schema with `new Function` at run time (ajv);
 * h9-schedules moves that to build time. The browser test fails once validation works under
 * STRICT_CSP: then set this to false when merging, and the demo is served strict too.
 */
export const CONFIG_VALIDATION_NEEDS_EVAL = false;

/** What the demo is served with: STRICT_CSP, plus 'unsafe-eval' only while validation needs it. */
export const DEMO_CSP = CONFIG_VALIDATION_NEEDS_EVAL ? `${STRICT_CSP} 'unsafe-eval'` : STRICT_CSP;
