/** Where a command writes: results on stdout, progress and errors on stderr. */
export interface Output {
  /** Results: tables, JSON. Printed even with --quiet, since they are what was asked for. */
  result(text: string): void;
  /** Progress and notes for a person watching; silenced by --quiet. */
  info(text: string): void;
  /** One line per problem, on stderr, never silenced. */
  error(text: string): void;
  readonly quiet: boolean;
  /** False under NO_COLOR (https://no-color.org), --no-color, or when stderr is not a terminal. */
  readonly color: boolean;
}

export interface OutputOptions {
  quiet?: boolean;
  color?: boolean;
}

export function createOutput(options: OutputOptions = {}): Output {
  const quiet = options.quiet ?? false;
  const noColorEnv = (process.env['NO_COLOR'] ?? '') !== '';
  const color = (options.color ?? true) && !noColorEnv && process.stderr.isTTY === true;
  const paint = (style: keyof typeof ANSI, text: string): string =>
    color ? `${ANSI[style][0]}${text}${ANSI[style][1]}` : text;
  return {
    quiet,
    color,
    result: (text) => process.stdout.write(`${text}\n`),
    info: (text) => {
      if (!quiet) process.stderr.write(`${paint('dim', text)}\n`);
    },
    error: (text) => process.stderr.write(`${paint('red', text)}\n`),
  };
}

const ANSI = { red: ['\x1b[31m', '\x1b[39m'], dim: ['\x1b[2m', '\x1b[22m'] } as const;
