/**
 * Users and groups delta pages from Microsoft's documentation, as vendored in fixtures/graph/ (each
 * file's source and date: fixtures/graph/README.md): concepts/delta-query-users.md and
 * concepts/delta-query-groups.md. The tests' relative start URLs are ours.
 */
import { loadFixture } from "@cync/simulator/testing";

/** A delta page body: `value` plus `@odata.*` links. */
export type DeltaPageBody = { readonly value: Record<string, unknown>[] } & Readonly<Record<string, unknown>>;

const page = (name: string): DeltaPageBody => loadFixture(name).response.body as DeltaPageBody;

/** Initial round, page 1 (with an `@removed` user): `GET /users/delta?$select=displayName,givenName,surname`. */
export const usersPage1 = page("user-delta-first-page-nextlink");
/** Initial round, page 2: page 1's nextLink. */
export const usersPage2 = page("user-delta-second-page-nextlink");
/** Initial round, last page: page 2's nextLink; carries the deltaLink. */
export const usersFinalPage = page("user-delta-final-page-deltalink");
/** The deltaLink's round when nothing changed. */
export const usersRoundNoChanges = page("user-delta-deltalink-round-no-changes");
/** The deltaLink's round with a changed user and a soft-deleted one (`@removed` reason `changed`). */
export const usersRoundRemoved = page("user-delta-deltalink-round-removed");
/** Groups initial round: `GET /groups/delta?$select=displayName,description&$expand=members`. */
export const groupsInitial = page("group-delta-initial-members");
/** Groups round: one member removed, one added. */
export const groupsRoundMembersRemoved = page("group-delta-deltalink-members-removed");
