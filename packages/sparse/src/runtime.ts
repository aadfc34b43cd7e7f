import type { Kernels } from './kernels.js';

/**
 * A tensor living in the kernels' heap: [rows][cols] f32 with rows = channels (the last axis,
 * padded to a multiple of 4 with zeros) and cols = every other position (batch x spatial),
 * 1 or padded to a multiple of 4. `shape` is the tensor's, batch included.
 */
export interface HeapValue {
  readonly ptr: number;
  readonly channels: number;
  readonly columns: number;
  readonly cols: number;
  readonly shape: readonly number[];
}

/** One layer call that runs in our runtime. */
export interface OwnOp {
  run(inputs: readonly HeapValue[], runtime: Runtime): HeapValue;
}

export function paddedCols(columns: number): number {
  return columns === 1 ? 1 : Math.ceil(columns / 4) * 4;
}

/** Allocation and layout conversion for one `predict`; its scratch memory is rewound by the next. */
export class Runtime {
  constructor(readonly kernels: Kernels) {}

  value(channels: number, columns: number, shape: readonly number[]): HeapValue {
    const cols = paddedCols(columns);
    const rows = Math.ceil(channels / 4) * 4;
    const ptr = this.kernels.heap.alloc(rows * cols * 4);
    if (rows > channels) this.kernels.heap.f32().fill(0, (ptr >> 2) + channels * cols, (ptr >> 2) + rows * cols);
    return { ptr, channels, columns, cols, shape };
  }

  /** Copies tensor data laid out [positions][channels] into a new heap value. */
  fromData(data: ArrayLike<number>, shape: readonly number[]): HeapValue {
    const channels = shape.length < 2 ? 1 : shape[shape.length - 1]!;
    const columns = channels === 0 ? 0 : data.length / channels;
    const v = this.value(channels, columns, shape);
    const f = this.kernels.heap.f32();
    const base = v.ptr >> 2;
    if (v.cols === 1) {
      f.set(data, base);
      return v;
    }
    // Copy in as is, then transpose inside the kernels' memory: a JS loop over strided typed-array
    // writes costs more than the whole sparse product at batch 64.
    const heap = this.kernels.heap;
    const mark = heap.mark();
    const staged = heap.allocF32(data);
    this.kernels.transpose(staged, v.ptr, columns, channels, channels, v.cols);
    heap.rewind(mark);
    const g = heap.f32();
    for (let c = 0; c < channels; c++) g.fill(0, base + c * v.cols + columns, base + (c + 1) * v.cols);
    return v;
  }

  /**
   * The value's data laid out [positions][channels], as a tensor holds it: a view into the heap,
   * valid until the next allocation. Copying out here would allocate a fresh array per predict,
   * which costs more than the kernels at batch 64 (page faults on every large allocation).
   */
  toView(v: HeapValue): Float32Array {
    const heap = this.kernels.heap;
    const size = v.columns * v.channels;
    if (v.cols === 1) return heap.f32().subarray(v.ptr >> 2, (v.ptr >> 2) + size);
    const staged = heap.alloc(size * 4);
    this.kernels.transpose(v.ptr, staged, v.channels, v.columns, v.cols, v.channels);
    return heap.f32().subarray(staged >> 2, (staged >> 2) + size);
  }
}
