/**
 * A directory user as read from Graph with `$select` (src/directory/users.ts): `id` plus whatever
 * properties the loaded policies selected. Conditions, targets, mapping and the engine's digest
 * all read it.
 */
export type DirectoryUser = { readonly id: string } & Readonly<Record<string, unknown>>;
