/**
 * The Content Security Policy of Chrome extensions and many sites, and the one the demo is
 * always served with: scripts only from the page's own origin, WebAssembly allowed, no `eval`
 * or `new Function`.
 */
export const STRICT_CSP = "script-src 'self' 'wasm-unsafe-eval'";
