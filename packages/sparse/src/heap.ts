/** What the heap needs of a WebAssembly.Memory; `growableBuffer` gives the same for plain JS. */
export interface LinearMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

const PAGE = 65536;

/** A stand-in for WebAssembly.Memory that the reference kernels run on. */
export function growableBuffer(initialPages = 1): LinearMemory {
  let buffer = new ArrayBuffer(initialPages * PAGE);
  return {
    get buffer() {
      return buffer;
    },
    grow(pages: number) {
      const before = buffer.byteLength / PAGE;
      const next = new ArrayBuffer(buffer.byteLength + pages * PAGE);
      new Uint8Array(next).set(new Uint8Array(buffer));
      buffer = next;
      return before;
    },
  };
}

/**
 * Bump allocation in one linear memory: packed weights first (kept for the model's life), then a
 * scratch region that every `predict` rewinds. Offsets are bytes, 16-aligned for v128 loads.
 * Views are re-made when the memory grows, because growing detaches the old ArrayBuffer.
 */
export class Heap {
  private top: number;
  private f32View: Float32Array;
  private i32View: Int32Array;
  private u16View: Uint16Array;

  constructor(readonly memory: LinearMemory, base: number) {
    this.top = align(base);
    this.f32View = new Float32Array(memory.buffer);
    this.i32View = new Int32Array(memory.buffer);
    this.u16View = new Uint16Array(memory.buffer);
  }

  alloc(bytes: number): number {
    const at = this.top;
    this.top = align(at + bytes);
    const need = this.top - this.memory.buffer.byteLength;
    if (need > 0) this.memory.grow(Math.ceil(need / PAGE));
    return at;
  }

  allocF32(values: ArrayLike<number>): number {
    const at = this.alloc(values.length * 4);
    this.f32().set(values, at >> 2);
    return at;
  }

  allocI32(values: ArrayLike<number>): number {
    const at = this.alloc(values.length * 4);
    this.i32().set(values, at >> 2);
    return at;
  }

  allocU16(values: ArrayLike<number>): number {
    const at = this.alloc(values.length * 2);
    this.u16().set(values, at >> 1);
    return at;
  }

  mark(): number {
    return this.top;
  }

  rewind(mark: number): void {
    this.top = mark;
  }

  f32(): Float32Array {
    if (this.f32View.buffer !== this.memory.buffer) this.f32View = new Float32Array(this.memory.buffer);
    return this.f32View;
  }

  i32(): Int32Array {
    if (this.i32View.buffer !== this.memory.buffer) this.i32View = new Int32Array(this.memory.buffer);
    return this.i32View;
  }

  u16(): Uint16Array {
    if (this.u16View.buffer !== this.memory.buffer) this.u16View = new Uint16Array(this.memory.buffer);
    return this.u16View;
  }
}

function align(offset: number): number {
  return (offset + 15) & ~15;
}
