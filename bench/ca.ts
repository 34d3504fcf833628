/**
 * What the benchmarks share: the simulator CA and the policy they apply.
 *
 * The benchmarks' simulator CA. scripts/bench.mjs creates it before starting a benchmark and starts
 * the benchmark with NODE_EXTRA_CA_CERTS pointing at it (Node reads that variable only at start-up),
 * so every benchmark's HTTPS clients trust the embedded tenant it starts with this directory.
 */
export const BENCH_CA_DIR = ".cync/bench-ca";

/** Every enabled employee with mail into every licensed user's mailbox: the benchmarks' workload. */
export const STAFF_POLICY = `apiVersion: cync/v1
kind: ContactSyncPolicy
metadata:
  name: staff
spec:
  defaultRegion: US
`;
