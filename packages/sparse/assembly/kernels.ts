// AssemblyScript: the WebAssembly SIMD kernels behind @tfjs-prune/sparse. src/reference-kernels.ts
// is their specification (same arguments, same memory layout); test/kernels.test.ts holds each
// kernel here to it.
//
// Layout: an activation matrix is [rows][cols] f32, row-major, where rows are features (channels)
// and cols are batch x spatial positions. `cols` is 1 (batch 1: a plain vector, SIMD over the
// weights) or a multiple of 4 (the batch in the SIMD lanes, as in Elsen et al., "Fast Sparse
// ConvNets", CVPR 2020). Buffers have their rows padded to a multiple of 4 with zeros, so a 1x4 or
// 4x1 block never reads past a buffer nor multiplies a zero weight by garbage.
// `act`: 0 none, 1 relu, 2 relu6, fused into the store.

export function heapBase(): usize {
  return __heap_base;
}

@inline function act4(v: v128, act: i32): v128 {
  if (act == 1) return f32x4.max(v, f32x4.splat(0));
  if (act == 2) return f32x4.min(f32x4.max(v, f32x4.splat(0)), f32x4.splat(6));
  return v;
}

@inline function act1(v: f32, act: i32): f32 {
  if (act == 1) return v > 0 ? v : 0;
  if (act == 2) return v > 0 ? (v < 6 ? v : 6) : 0;
  return v;
}

@inline function sum4(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
}

@inline function lane(v: v128, i: i32): v128 {
  // i is a compile-time constant at every call site once inlined.
  if (i == 0) return v128.shuffle<f32>(v, v, 0, 0, 0, 0);
  if (i == 1) return v128.shuffle<f32>(v, v, 1, 1, 1, 1);
  if (i == 2) return v128.shuffle<f32>(v, v, 2, 2, 2, 2);
  return v128.shuffle<f32>(v, v, 3, 3, 3, 3);
}

/** The i-th input index at p: u16 when the layer has at most 65536 inputs (less memory to stream), else i32. */
@inline function index<T>(p: usize, i: i32): usize {
  return <usize>load<T>(p + (<usize>i << alignof<T>()));
}

/** CSR by output: y[o] = act(bias[o] + sum over s in [start[o], start[o+1]) of vals[s] * x[rows[s]]). */
@inline function csrImpl<T>(start: usize, rows: usize, vals: usize, bias: usize, x: usize, y: usize, outputs: i32, cols: i32, act: i32): void {
  if (cols == 1) {
    for (let o = 0; o < outputs; o++) {
      let s = load<i32>(start + (<usize>o << 2));
      const e = load<i32>(start + (<usize>o << 2), 4);
      let a0 = f32x4.splat(0);
      let a1 = f32x4.splat(0);
      // Gathers straight into lanes (load32_lane): two independent chains of four nonzeros.
      for (; s + 8 <= e; s += 8) {
        const r = rows + (<usize>s << alignof<T>());
        let x0 = v128.load32_zero(x + (index<T>(r, 0) << 2));
        x0 = v128.load32_lane(x + (index<T>(r, 1) << 2), x0, 1);
        x0 = v128.load32_lane(x + (index<T>(r, 2) << 2), x0, 2);
        x0 = v128.load32_lane(x + (index<T>(r, 3) << 2), x0, 3);
        let x1 = v128.load32_zero(x + (index<T>(r, 4) << 2));
        x1 = v128.load32_lane(x + (index<T>(r, 5) << 2), x1, 1);
        x1 = v128.load32_lane(x + (index<T>(r, 6) << 2), x1, 2);
        x1 = v128.load32_lane(x + (index<T>(r, 7) << 2), x1, 3);
        a0 = f32x4.add(a0, f32x4.mul(v128.load(vals + (<usize>s << 2)), x0));
        a1 = f32x4.add(a1, f32x4.mul(v128.load(vals + (<usize>s << 2), 16), x1));
      }
      if (s + 4 <= e) {
        const r = rows + (<usize>s << alignof<T>());
        let x0 = v128.load32_zero(x + (index<T>(r, 0) << 2));
        x0 = v128.load32_lane(x + (index<T>(r, 1) << 2), x0, 1);
        x0 = v128.load32_lane(x + (index<T>(r, 2) << 2), x0, 2);
        x0 = v128.load32_lane(x + (index<T>(r, 3) << 2), x0, 3);
        a0 = f32x4.add(a0, f32x4.mul(v128.load(vals + (<usize>s << 2)), x0));
        s += 4;
      }
      // Rows packed by pack.ts hold a multiple of 4 entries; the scalar tail is for any other CSR.
      let total = sum4(f32x4.add(a0, a1));
      for (; s < e; s++) {
        total += load<f32>(vals + (<usize>s << 2)) * load<f32>(x + (index<T>(rows + (<usize>s << alignof<T>()), 0) << 2));
      }
      store<f32>(y + (<usize>o << 2), act1(total + load<f32>(bias + (<usize>o << 2)), act));
    }
    return;
  }
  const rowBytes = <usize>cols << 2;
  for (let o = 0; o < outputs; o++) {
    const s0 = load<i32>(start + (<usize>o << 2));
    const e = load<i32>(start + (<usize>o << 2), 4);
    const b = f32x4.splat(load<f32>(bias + (<usize>o << 2)));
    const yRow = y + <usize>o * rowBytes;
    let j = 0;
    for (; j + 16 <= cols; j += 16) {
      let a0 = b, a1 = b, a2 = b, a3 = b;
      const xCol = x + (<usize>j << 2);
      let s = s0;
      // Two entries per step into the same accumulators (the same summation order): about 10%
      // faster at batch 64 than one; four per step or a second set of accumulators is slower.
      for (; s + 2 <= e; s += 2) {
        const r = rows + (<usize>s << alignof<T>());
        const w = f32x4.splat(load<f32>(vals + (<usize>s << 2)));
        const p = xCol + index<T>(r, 0) * rowBytes;
        const v = f32x4.splat(load<f32>(vals + (<usize>s << 2), 4));
        const q = xCol + index<T>(r, 1) * rowBytes;
        a0 = f32x4.add(f32x4.add(a0, f32x4.mul(w, v128.load(p))), f32x4.mul(v, v128.load(q)));
        a1 = f32x4.add(f32x4.add(a1, f32x4.mul(w, v128.load(p, 16))), f32x4.mul(v, v128.load(q, 16)));
        a2 = f32x4.add(f32x4.add(a2, f32x4.mul(w, v128.load(p, 32))), f32x4.mul(v, v128.load(q, 32)));
        a3 = f32x4.add(f32x4.add(a3, f32x4.mul(w, v128.load(p, 48))), f32x4.mul(v, v128.load(q, 48)));
      }
      if (s < e) {
        const w = f32x4.splat(load<f32>(vals + (<usize>s << 2)));
        const p = xCol + index<T>(rows + (<usize>s << alignof<T>()), 0) * rowBytes;
        a0 = f32x4.add(a0, f32x4.mul(w, v128.load(p)));
        a1 = f32x4.add(a1, f32x4.mul(w, v128.load(p, 16)));
        a2 = f32x4.add(a2, f32x4.mul(w, v128.load(p, 32)));
        a3 = f32x4.add(a3, f32x4.mul(w, v128.load(p, 48)));
      }
      const q = yRow + (<usize>j << 2);
      v128.store(q, act4(a0, act));
      v128.store(q, act4(a1, act), 16);
      v128.store(q, act4(a2, act), 32);
      v128.store(q, act4(a3, act), 48);
    }
    for (; j < cols; j += 4) {
      let a0 = b;
      const xCol = x + (<usize>j << 2);
      for (let s = s0; s < e; s++) {
        const w = f32x4.splat(load<f32>(vals + (<usize>s << 2)));
        a0 = f32x4.add(a0, f32x4.mul(w, v128.load(xCol + index<T>(rows + (<usize>s << alignof<T>()), 0) * rowBytes)));
      }
      v128.store(yRow + (<usize>j << 2), act4(a0, act));
    }
  }
}

export function csr(start: usize, rows: usize, vals: usize, bias: usize, x: usize, y: usize, outputs: i32, cols: i32, act: i32): void {
  csrImpl<i32>(start, rows, vals, bias, x, y, outputs, cols, act);
}

/** csr with u16 input indices. */
export function csr16(start: usize, rows: usize, vals: usize, bias: usize, x: usize, y: usize, outputs: i32, cols: i32, act: i32): void {
  csrImpl<u16>(start, rows, vals, bias, x, y, outputs, cols, act);
}

/**
 * 1x4 blocks (one input, four consecutive outputs): for group g (outputs 4g..4g+3) and each block
 * s in [start[g], start[g+1]): y[4g+i] += vals[4s+i] * x[rows[s]]. bias is padded to 4 per group.
 */
export function block1x4(start: usize, rows: usize, vals: usize, bias: usize, x: usize, y: usize, groups: i32, cols: i32, act: i32): void {
  if (cols == 1) {
    for (let g = 0; g < groups; g++) {
      const s0 = load<i32>(start + (<usize>g << 2));
      const e = load<i32>(start + (<usize>g << 2), 4);
      let a0 = v128.load(bias + (<usize>g << 4));
      let a1 = f32x4.splat(0);
      let s = s0;
      for (; s + 2 <= e; s += 2) {
        const r = rows + (<usize>s << 2);
        a0 = f32x4.add(a0, f32x4.mul(v128.load(vals + (<usize>s << 4)), f32x4.splat(load<f32>(x + (<usize>load<i32>(r) << 2)))));
        a1 = f32x4.add(a1, f32x4.mul(v128.load(vals + (<usize>s << 4), 16), f32x4.splat(load<f32>(x + (<usize>load<i32>(r, 4) << 2)))));
      }
      if (s < e) {
        a0 = f32x4.add(a0, f32x4.mul(v128.load(vals + (<usize>s << 4)), f32x4.splat(load<f32>(x + (<usize>load<i32>(rows + (<usize>s << 2)) << 2)))));
      }
      v128.store(y + (<usize>g << 4), act4(f32x4.add(a0, a1), act));
    }
    return;
  }
  const rowBytes = <usize>cols << 2;
  for (let g = 0; g < groups; g++) {
    const s0 = load<i32>(start + (<usize>g << 2));
    const e = load<i32>(start + (<usize>g << 2), 4);
    const bv = v128.load(bias + (<usize>g << 4));
    const b0 = lane(bv, 0), b1 = lane(bv, 1), b2 = lane(bv, 2), b3 = lane(bv, 3);
    const yRow = y + (<usize>g << 2) * rowBytes;
    let j = 0;
    for (; j + 8 <= cols; j += 8) {
      let a00 = b0, a01 = b0, a10 = b1, a11 = b1, a20 = b2, a21 = b2, a30 = b3, a31 = b3;
      const xCol = x + (<usize>j << 2);
      for (let s = s0; s < e; s++) {
        const w = v128.load(vals + (<usize>s << 4));
        const p = xCol + <usize>load<i32>(rows + (<usize>s << 2)) * rowBytes;
        const x0 = v128.load(p);
        const x1 = v128.load(p, 16);
        const w0 = lane(w, 0), w1 = lane(w, 1), w2 = lane(w, 2), w3 = lane(w, 3);
        a00 = f32x4.add(a00, f32x4.mul(w0, x0));
        a01 = f32x4.add(a01, f32x4.mul(w0, x1));
        a10 = f32x4.add(a10, f32x4.mul(w1, x0));
        a11 = f32x4.add(a11, f32x4.mul(w1, x1));
        a20 = f32x4.add(a20, f32x4.mul(w2, x0));
        a21 = f32x4.add(a21, f32x4.mul(w2, x1));
        a30 = f32x4.add(a30, f32x4.mul(w3, x0));
        a31 = f32x4.add(a31, f32x4.mul(w3, x1));
      }
      const q = yRow + (<usize>j << 2);
      v128.store(q, act4(a00, act));
      v128.store(q, act4(a01, act), 16);
      v128.store(q + rowBytes, act4(a10, act));
      v128.store(q + rowBytes, act4(a11, act), 16);
      v128.store(q + 2 * rowBytes, act4(a20, act));
      v128.store(q + 2 * rowBytes, act4(a21, act), 16);
      v128.store(q + 3 * rowBytes, act4(a30, act));
      v128.store(q + 3 * rowBytes, act4(a31, act), 16);
    }
    for (; j < cols; j += 4) {
      let a0 = b0, a1 = b1, a2 = b2, a3 = b3;
      const xCol = x + (<usize>j << 2);
      for (let s = s0; s < e; s++) {
        const w = v128.load(vals + (<usize>s << 4));
        const x0 = v128.load(xCol + <usize>load<i32>(rows + (<usize>s << 2)) * rowBytes);
        a0 = f32x4.add(a0, f32x4.mul(lane(w, 0), x0));
        a1 = f32x4.add(a1, f32x4.mul(lane(w, 1), x0));
        a2 = f32x4.add(a2, f32x4.mul(lane(w, 2), x0));
        a3 = f32x4.add(a3, f32x4.mul(lane(w, 3), x0));
      }
      const q = yRow + (<usize>j << 2);
      v128.store(q, act4(a0, act));
      v128.store(q + rowBytes, act4(a1, act));
      v128.store(q + 2 * rowBytes, act4(a2, act));
      v128.store(q + 3 * rowBytes, act4(a3, act));
    }
  }
}

/**
 * 4x1 blocks (four consecutive inputs, one output): for output o and each block s in
 * [start[o], start[o+1]): y[o] += sum over i < 4 of vals[4s+i] * x[rows[s]+i], rows[s] a multiple of 4.
 */
export function block4x1(start: usize, rows: usize, vals: usize, bias: usize, x: usize, y: usize, outputs: i32, cols: i32, act: i32): void {
  if (cols == 1) {
    for (let o = 0; o < outputs; o++) {
      let s = load<i32>(start + (<usize>o << 2));
      const e = load<i32>(start + (<usize>o << 2), 4);
      let a0 = f32x4.splat(0);
      let a1 = f32x4.splat(0);
      for (; s + 2 <= e; s += 2) {
        const r = rows + (<usize>s << 2);
        a0 = f32x4.add(a0, f32x4.mul(v128.load(vals + (<usize>s << 4)), v128.load(x + (<usize>load<i32>(r) << 2))));
        a1 = f32x4.add(a1, f32x4.mul(v128.load(vals + (<usize>s << 4), 16), v128.load(x + (<usize>load<i32>(r, 4) << 2))));
      }
      if (s < e) {
        a0 = f32x4.add(a0, f32x4.mul(v128.load(vals + (<usize>s << 4)), v128.load(x + (<usize>load<i32>(rows + (<usize>s << 2)) << 2))));
      }
      store<f32>(y + (<usize>o << 2), act1(sum4(f32x4.add(a0, a1)) + load<f32>(bias + (<usize>o << 2)), act));
    }
    return;
  }
  const rowBytes = <usize>cols << 2;
  for (let o = 0; o < outputs; o++) {
    const s0 = load<i32>(start + (<usize>o << 2));
    const e = load<i32>(start + (<usize>o << 2), 4);
    const b = f32x4.splat(load<f32>(bias + (<usize>o << 2)));
    const yRow = y + <usize>o * rowBytes;
    let j = 0;
    for (; j + 16 <= cols; j += 16) {
      let a0 = b, a1 = b, a2 = b, a3 = b;
      const xCol = x + (<usize>j << 2);
      for (let s = s0; s < e; s++) {
        const w = v128.load(vals + (<usize>s << 4));
        let p = xCol + <usize>load<i32>(rows + (<usize>s << 2)) * rowBytes;
        for (let i = 0; i < 4; i++) {
          const wi = i == 0 ? lane(w, 0) : i == 1 ? lane(w, 1) : i == 2 ? lane(w, 2) : lane(w, 3);
          a0 = f32x4.add(a0, f32x4.mul(wi, v128.load(p)));
          a1 = f32x4.add(a1, f32x4.mul(wi, v128.load(p, 16)));
          a2 = f32x4.add(a2, f32x4.mul(wi, v128.load(p, 32)));
          a3 = f32x4.add(a3, f32x4.mul(wi, v128.load(p, 48)));
          p += rowBytes;
        }
      }
      const q = yRow + (<usize>j << 2);
      v128.store(q, act4(a0, act));
      v128.store(q, act4(a1, act), 16);
      v128.store(q, act4(a2, act), 32);
      v128.store(q, act4(a3, act), 48);
    }
    for (; j < cols; j += 4) {
      let a0 = b;
      const xCol = x + (<usize>j << 2);
      for (let s = s0; s < e; s++) {
        const w = v128.load(vals + (<usize>s << 4));
        const p = xCol + <usize>load<i32>(rows + (<usize>s << 2)) * rowBytes;
        a0 = f32x4.add(a0, f32x4.mul(lane(w, 0), v128.load(p)));
        a0 = f32x4.add(a0, f32x4.mul(lane(w, 1), v128.load(p + rowBytes)));
        a0 = f32x4.add(a0, f32x4.mul(lane(w, 2), v128.load(p + 2 * rowBytes)));
        a0 = f32x4.add(a0, f32x4.mul(lane(w, 3), v128.load(p + 3 * rowBytes)));
      }
      v128.store(yRow + (<usize>j << 2), act4(a0, act));
    }
  }
}

/**
 * Dense, weights packed [groups][inputs][4] (four consecutive outputs per group, zero-padded):
 * y[4g+i] = act(bias[4g+i] + sum over k of w[g][k][i] * x[k]).
 */
export function dense(w: usize, bias: usize, x: usize, y: usize, inputs: i32, groups: i32, cols: i32, act: i32): void {
  const groupBytes = <usize>inputs << 4;
  if (cols == 1) {
    for (let g = 0; g < groups; g++) {
      const wg = w + <usize>g * groupBytes;
      let a0 = v128.load(bias + (<usize>g << 4));
      let a1 = f32x4.splat(0);
      let k = 0;
      for (; k + 2 <= inputs; k += 2) {
        a0 = f32x4.add(a0, f32x4.mul(v128.load(wg + (<usize>k << 4)), f32x4.splat(load<f32>(x + (<usize>k << 2)))));
        a1 = f32x4.add(a1, f32x4.mul(v128.load(wg + (<usize>k << 4), 16), f32x4.splat(load<f32>(x + (<usize>k << 2), 4))));
      }
      if (k < inputs) {
        a0 = f32x4.add(a0, f32x4.mul(v128.load(wg + (<usize>k << 4)), f32x4.splat(load<f32>(x + (<usize>k << 2)))));
      }
      v128.store(y + (<usize>g << 4), act4(f32x4.add(a0, a1), act));
    }
    return;
  }
  const rowBytes = <usize>cols << 2;
  for (let g = 0; g < groups; g++) {
    const wg = w + <usize>g * groupBytes;
    const bv = v128.load(bias + (<usize>g << 4));
    const b0 = lane(bv, 0), b1 = lane(bv, 1), b2 = lane(bv, 2), b3 = lane(bv, 3);
    const yRow = y + (<usize>g << 2) * rowBytes;
    let j = 0;
    for (; j + 8 <= cols; j += 8) {
      let a00 = b0, a01 = b0, a10 = b1, a11 = b1, a20 = b2, a21 = b2, a30 = b3, a31 = b3;
      let p = x + (<usize>j << 2);
      for (let k = 0; k < inputs; k++) {
        const wk = v128.load(wg + (<usize>k << 4));
        const x0 = v128.load(p);
        const x1 = v128.load(p, 16);
        p += rowBytes;
        const w0 = lane(wk, 0), w1 = lane(wk, 1), w2 = lane(wk, 2), w3 = lane(wk, 3);
        a00 = f32x4.add(a00, f32x4.mul(w0, x0));
        a01 = f32x4.add(a01, f32x4.mul(w0, x1));
        a10 = f32x4.add(a10, f32x4.mul(w1, x0));
        a11 = f32x4.add(a11, f32x4.mul(w1, x1));
        a20 = f32x4.add(a20, f32x4.mul(w2, x0));
        a21 = f32x4.add(a21, f32x4.mul(w2, x1));
        a30 = f32x4.add(a30, f32x4.mul(w3, x0));
        a31 = f32x4.add(a31, f32x4.mul(w3, x1));
      }
      const q = yRow + (<usize>j << 2);
      v128.store(q, act4(a00, act));
      v128.store(q, act4(a01, act), 16);
      v128.store(q + rowBytes, act4(a10, act));
      v128.store(q + rowBytes, act4(a11, act), 16);
      v128.store(q + 2 * rowBytes, act4(a20, act));
      v128.store(q + 2 * rowBytes, act4(a21, act), 16);
      v128.store(q + 3 * rowBytes, act4(a30, act));
      v128.store(q + 3 * rowBytes, act4(a31, act), 16);
    }
    for (; j < cols; j += 4) {
      let a0 = b0, a1 = b1, a2 = b2, a3 = b3;
      let p = x + (<usize>j << 2);
      for (let k = 0; k < inputs; k++) {
        const wk = v128.load(wg + (<usize>k << 4));
        const x0 = v128.load(p);
        p += rowBytes;
        a0 = f32x4.add(a0, f32x4.mul(lane(wk, 0), x0));
        a1 = f32x4.add(a1, f32x4.mul(lane(wk, 1), x0));
        a2 = f32x4.add(a2, f32x4.mul(lane(wk, 2), x0));
        a3 = f32x4.add(a3, f32x4.mul(lane(wk, 3), x0));
      }
      const q = yRow + (<usize>j << 2);
      v128.store(q, act4(a0, act));
      v128.store(q + rowBytes, act4(a1, act));
      v128.store(q + 2 * rowBytes, act4(a2, act));
      v128.store(q + 3 * rowBytes, act4(a3, act));
    }
  }
}

/** Transposes the 4x4 block at p (rows srcRow bytes apart) into q (rows dstRow bytes apart). */
@inline function block4x4(p: usize, srcRow: usize, q: usize, dstRow: usize): void {
  const a = v128.load(p), b = v128.load(p + srcRow), c = v128.load(p + 2 * srcRow), d = v128.load(p + 3 * srcRow);
  const t0 = v128.shuffle<f32>(a, b, 0, 4, 1, 5);
  const t1 = v128.shuffle<f32>(a, b, 2, 6, 3, 7);
  const t2 = v128.shuffle<f32>(c, d, 0, 4, 1, 5);
  const t3 = v128.shuffle<f32>(c, d, 2, 6, 3, 7);
  v128.store(q, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
  v128.store(q + dstRow, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7));
  v128.store(q + 2 * dstRow, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5));
  v128.store(q + 3 * dstRow, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7));
}

/**
 * dst[c * dstStride + r] = src[r * srcStride + c] for r < rows, c < cols: the copy between a
 * tensor's [positions][channels] layout and the kernels' [channels][positions] one.
 */
export function transpose(src: usize, dst: usize, rows: i32, cols: i32, srcStride: i32, dstStride: i32): void {
  const srcRow = <usize>srcStride << 2;
  const dstRow = <usize>dstStride << 2;
  const rows4 = rows & ~3;
  const cols4 = cols & ~3;
  // 4x4 blocks transposed in registers. The side with the longer rows is walked front to back,
  // four rows at a time (four sequential streams); the other side takes 16-byte pieces of many
  // rows. The reverse thrashes L1 when the long stride is a multiple of 4 KiB (1024 channels).
  if (srcStride >= dstStride) {
    for (let r = 0; r < rows4; r += 4) {
      const from = src + <usize>r * srcRow;
      const to = dst + (<usize>r << 2);
      for (let c = 0; c < cols4; c += 4) block4x4(from + (<usize>c << 2), srcRow, to + <usize>c * dstRow, dstRow);
    }
  } else {
    for (let c = 0; c < cols4; c += 4) {
      const from = src + (<usize>c << 2);
      const to = dst + <usize>c * dstRow;
      for (let r = 0; r < rows4; r += 4) block4x4(from + <usize>r * srcRow, srcRow, to + (<usize>r << 2), dstRow);
    }
  }
  // The edges: rows past the last multiple of 4 (every column), then columns past it.
  for (let r = rows4; r < rows; r++) {
    for (let c = 0; c < cols; c++) store<f32>(dst + <usize>c * dstRow + (<usize>r << 2), load<f32>(src + <usize>r * srcRow + (<usize>c << 2)));
  }
  for (let r = 0; r < rows4; r++) {
    for (let c = cols4; c < cols; c++) store<f32>(dst + <usize>c * dstRow + (<usize>r << 2), load<f32>(src + <usize>r * srcRow + (<usize>c << 2)));
  }
}
