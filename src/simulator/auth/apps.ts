/**
 * App registrations of the simulated tenant: who may get a token (client secret and/or federated
 * credentials, as GitHub OIDC uses) and which application permissions (app roles) the token carries.
 *
 * Two apps exist by default, matching DESIGN.md §7: a read-only planner (pull requests) and an
 * applier (the protected reconcile) that can also write contacts.
 */
import type { Permission } from "../types";

/** A federated identity credential (Entra "workload identity federation"). */
export interface FederatedCredential {
  readonly issuer: string;
  readonly subject: string;
  /** Entra's recommended audience is "api://AzureADTokenExchange". */
  readonly audience: string;
}

export interface AppRegistration {
  readonly clientId: string;
  readonly displayName: string;
  /** Absent when the app only trusts federated credentials. */
  readonly clientSecret?: string;
  readonly federatedCredentials: readonly FederatedCredential[];
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

/** GitHub OIDC subjects the default apps trust (DESIGN.md §7: applier on main, planner on PRs). */
export const APPLIER_SUBJECT = "repo:cync/cync:ref:refs/heads/main";
export const PLANNER_SUBJECT = "repo:cync/cync:pull_request";
