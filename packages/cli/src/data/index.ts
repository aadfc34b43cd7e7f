export { type DataOption, loadData, parseDataOption } from './data-option.js';
export { DataFileError } from './data-file-error.js';
export { DataOptionError } from './data-option-error.js';
export { type Dataset, type LoadOptions, NUM_CLASSES, type Split } from './dataset.js';
export { IDX_FILES, loadIdx } from './load-idx.js';
export { loadMnist } from './load-mnist.js';
export { createRandom } from './random.js';
export { toTensors } from './to-tensors.js';
export { loadCsv, type TabularData } from './load-csv.js';
