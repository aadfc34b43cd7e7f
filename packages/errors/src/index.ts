export { isTfjsPruneError, TfjsPruneError } from './tfjs-prune-error.js';
export { type JsonSyntaxLocation, type JsonSyntaxProblem, jsonSyntaxProblem } from './json-syntax-error.js';
