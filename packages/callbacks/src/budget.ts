/*
 * @tfjs-prune/callbacks/budget: importing it lets configs prune to a `target` (a fraction of the
 * dense model's MACs or parameters, or a measured speedup). Its own entry, so a page that prunes
 * by sparsity carries neither the allocator nor the latency search (which compacts and times
 * candidates).
 */
import { allocateChannels } from '@tfjs-prune/core/internal';

import { budgetBookkeeping } from './budget-bookkeeping.js';
import { registerBudgetRecords } from './budget-records.js';
import { registerBudgetAllocator } from './engine/budget-allocator.js';
import { registerLatencySupport } from './engine/latency-support.js';
import { measureResult, searchDue } from './latency/latency-search.js';
import { measuredBudget } from './latency/measured-budget.js';

registerBudgetAllocator(allocateChannels);
registerBudgetRecords(budgetBookkeeping);
registerLatencySupport({ search: searchDue, measureResult, budget: measuredBudget });
