/**
 * What the process exit status means, for scripts and CI. The package README documents the same
 * table; a test checks each one.
 */
export const EXIT = {
  /** The command did what was asked (and, for `validate`, every file is valid). */
  ok: 0,
  /** The input is wrong or the work failed: an invalid config, an unreadable model, a failed fit. */
  failed: 1,
  /** The command line itself is wrong: unknown command or option, missing or malformed argument. */
  usage: 2,
  /** `prune --strict`: training ended before a schedule's final sparsity, so nothing was exported. */
  scheduleShort: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
