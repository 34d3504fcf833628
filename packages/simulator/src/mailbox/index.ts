/**
 * The embedded tenant's Exchange Online side: mailboxes, contact
 * folders, contacts, open extensions, photos, contacts delta, and the owner-side control API.
 */
import type { DirectoryView, Route } from "../types";
import type { ContactLimits } from "./contact";
import { contactRoutes } from "./contact-routes";
import type { Clock } from "./context";
import { deltaRoutes } from "./delta-routes";
import { extensionRoutes } from "./extension-routes";
import { folderRoutes } from "./folder-routes";
import type { MailboxStore } from "./store";

export { MailboxStore, type MailboxStoreJSON } from "./store";
export { mailboxControlRoutes } from "./control";
export type { Clock } from "./context";
export type { ContactLimits } from "./contact";

/**
 * Every Graph route of the mailbox side. Literal segments (`…/contacts/delta`) come before the
 * `{contactId}` patterns they would otherwise match.
 */
export function mailboxRoutes(dir: DirectoryView, store: MailboxStore, clock: Clock, contactLimits?: ContactLimits): Route[] {
  const deps = { dir, store, clock, ...(contactLimits === undefined ? {} : { contactLimits }) };
  return [...deltaRoutes(deps), ...folderRoutes(deps), ...contactRoutes(deps), ...extensionRoutes(deps)];
}
