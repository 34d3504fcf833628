/**
 * The benchmarks' simulator CA. scripts/bench.mjs creates it before starting a benchmark and starts
 * the benchmark with NODE_EXTRA_CA_CERTS pointing at it (Node reads that variable only at start-up),
 * so every benchmark's HTTPS clients trust the embedded tenant it starts with this directory.
 */
export const BENCH_CA_DIR = ".cync/bench-ca";
