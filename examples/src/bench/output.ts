import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { SuiteOutput } from './context.js';
import { describeMachine, type MachineInfo } from './machine.js';
import { resultJson } from './markdown.js';
import { renderSvg } from './plot.js';

export interface RunMeta {
  date: string;
  command: string;
  backend: string;
  data: string;
  seconds: number;
  machine: MachineInfo;
}

/** One line under each section saying when, where and how it was measured. */
export function metaLine(meta: RunMeta): string {
  return `_Measured ${meta.date.slice(0, 16).replace('T', ' ')} UTC on ${describeMachine(meta.machine)}; ${meta.backend} backend; data: ${meta.data}; \`${meta.command}\` (this suite: ${Math.round(meta.seconds)} s)._`;
}

/** Writes `<name>.json` (results + meta), `<name>.md` (the section) and the SVG plots into `dir`. */
export async function writeSuite(dir: string, output: SuiteOutput, meta: RunMeta): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  const write = (file: string, text: string) => {
    writeFileSync(join(dir, file), text);
    files.push(join(dir, file));
  };
  write(`${output.name}.json`, resultJson({ suite: output.name, meta, ...output.json }));
  write(`${output.name}.md`, `${output.markdown}\n\n${metaLine(meta)}\n`);
  for (const [file, spec] of Object.entries(output.plots)) write(file, await renderSvg(spec));
  return files;
}

/** The suite's JSON as last written, or undefined if it has never run. */
export function readSuite(dir: string, name: string): (Record<string, unknown> & { meta: RunMeta }) | undefined {
  const path = join(dir, `${name}.json`);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown> & { meta: RunMeta }) : undefined;
}

export function readSection(dir: string, name: string): string | undefined {
  const path = join(dir, `${name}.md`);
  return existsSync(path) ? readFileSync(path, 'utf8').trimEnd() : undefined;
}
