import type { ChannelBudget } from '@tfjs-prune/core/internal';

type Allocator = ChannelBudget['allocate'];

/**
 * The channel allocator budget targets need, registered by `@tfjs-prune/callbacks/budget` (and
 * by the Node entry): a page that prunes without a `target` does not carry it (about 1.9 KB of
 * its gzipped bundle), as a tfjs page carries only the backends it imports.
 */
let registered: Allocator | undefined;

export function registerBudgetAllocator(allocate: Allocator | undefined): void {
  registered = allocate;
}

export function budgetAllocator(): Allocator | undefined {
  return registered;
}

/** Why a config's `/target` cannot run yet, and the one line that fixes it (follows the pointer). */
export const NEEDS_BUDGET_ENTRY =
  'needs the channel allocator, which a page only carries when it asks for it: ' +
  'add import "@tfjs-prune/callbacks/budget"; once, before creating the callback (the Node entry ' +
  '"@tfjs-prune/callbacks/node" and the CLI load it for you)';
