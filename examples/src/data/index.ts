// The loaders moved to @tfjs-prune/cli so the command line can use them; this path stays for the
// demo and benchmarks.
export * from '@tfjs-prune/cli/data';
