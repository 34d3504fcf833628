/**
 * Opaque, tamper-proof `$skiptoken` / `$deltatoken` values: base64url(JSON) + "." + HMAC. State
 * travels in the token rather than in server memory, so paging costs no memory and tokens survive a
 * restart (the HMAC key is persisted with `--data`); a forged or edited token fails verification.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export interface CursorCodec {
  encode(payload: object): string;
  /** The payload, or undefined when the token is malformed or its signature is wrong. */
  decode<T>(token: string): T | undefined;
}

export function createCursorCodec(key: Buffer): CursorCodec {
  const mac = (data: string): Buffer => createHmac("sha256", key).update(data).digest().subarray(0, 16);
  return {
    encode(payload) {
      const data = Buffer.from(JSON.stringify(payload)).toString("base64url");
      return `${data}.${mac(data).toString("base64url")}`;
    },
    decode<T>(token: string): T | undefined {
      const dot = token.indexOf(".");
      if (dot < 0) return undefined;
      const data = token.slice(0, dot);
      const sig = Buffer.from(token.slice(dot + 1), "base64url");
      const expected = mac(data);
      if (sig.length !== expected.length || !timingSafeEqual(sig, expected)) return undefined;
      try {
        return JSON.parse(Buffer.from(data, "base64url").toString("utf8")) as T;
      } catch {
        return undefined;
      }
    },
  };
}
