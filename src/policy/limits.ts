/**
 * Bounds on policy files, checked before and while parsing so a hostile or broken file fails fast
 * with a clear message instead of exhausting memory or the stack. Real policies are a few KB with a
 * nesting depth around 10.
 */
export const LIMITS = {
  /** Checked on the file's size before reading it. */
  maxFileBytes: 1024 * 1024,
  /** Checked on the raw text before the YAML parser sees it. */
  maxLineChars: 10_000,
  /** Nested collections (block or flow), estimated by a pre-scan that does not recurse. */
  maxDepth: 64,
  /** Policy files under one directory: a tenant's policies number in the tens; 1,000 take seconds to load, 5,000 took 8 s and 140 MB. */
  maxFiles: 1000,
  /** yaml's `maxAliasCount`: bounds alias expansion ("billion laughs"). */
  maxAliasCount: 100,
} as const;
