#!/usr/bin/env node
import { DEMO_USAGE, parseDemoOptions } from './demo/demo-options.js';
import { runDemo } from './demo/run-demo.js';

try {
  const options = parseDemoOptions(process.argv.slice(2));
  if (options === 'help') console.log(DEMO_USAGE);
  else await runDemo(options);
} catch (error) {
  // Config and argument errors are written for people; a stack trace would bury them.
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
