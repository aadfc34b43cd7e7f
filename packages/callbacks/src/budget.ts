/*
 * @tfjs-prune/callbacks/budget: importing it lets configs prune to a `target` (a fraction of the
 * dense model's MACs or parameters). Its own entry, so a page that prunes by sparsity does not
 * carry the allocator.
 */
import { allocateChannels } from '@tfjs-prune/core/internal';

import { registerBudgetAllocator } from './engine/budget-allocator.js';

registerBudgetAllocator(allocateChannels);
