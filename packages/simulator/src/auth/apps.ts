/**
 * App registrations of the simulated tenant: who may get a token (client secret, certificates,
 * federated credentials as GitHub OIDC uses) and which application permissions (app roles) the
 * token carries.
 *
 * Two apps exist by default, matching docs/architecture.md#least-privilege: a read-only planner
 * (pull requests) and an applier (the protected reconcile) that can also write contacts.
 */
import { createHash, X509Certificate } from "node:crypto";
import type { Permission } from "../types";

/** A federated identity credential (Entra "workload identity federation"). */
export interface FederatedCredential {
  readonly issuer: string;
  readonly subject: string;
  /** Entra's recommended audience is "api://AzureADTokenExchange". */
  readonly audience: string;
}

/** A certificate registered on the app (its public part), identified as msal does: by thumbprint. */
export interface CertificateCredential {
  readonly certPem: string;
  /** base64url SHA-1 of the DER certificate (JWT header `x5t`). */
  readonly x5t: string;
  /** base64url SHA-256 of the DER certificate (JWT header `x5t#S256`). */
  readonly x5tS256: string;
}

export function certificateCredential(certPem: string): CertificateCredential {
  const der = new X509Certificate(certPem).raw;
  const digest = (alg: string): string => createHash(alg).update(der).digest("base64url");
  return { certPem, x5t: digest("sha1"), x5tS256: digest("sha256") };
}

export interface AppRegistration {
  readonly clientId: string;
  readonly displayName: string;
  /** Absent when the app only trusts federated credentials. */
  readonly clientSecret?: string;
  readonly federatedCredentials: readonly FederatedCredential[];
  /** Certificates the app may sign client assertions with (ClientCertificateCredential). */
  readonly certificates?: readonly CertificateCredential[];
  readonly roles: readonly Permission[];
}

export const FEDERATION_AUDIENCE = "api://AzureADTokenExchange";

export const PLANNER_ROLES: readonly Permission[] = [
  "User.Read.All",
  "GroupMember.Read.All",
  "Contacts.Read",
  "MailboxSettings.Read",
];
export const APPLIER_ROLES: readonly Permission[] = [...PLANNER_ROLES, "Contacts.ReadWrite"];

/** GitHub OIDC subjects the default apps trust (applier on main, planner on PRs: docs/architecture.md#least-privilege). */
export const APPLIER_SUBJECT = "repo:cync/cync:ref:refs/heads/main";
export const PLANNER_SUBJECT = "repo:cync/cync:pull_request";
