/**
 * Folder names a policy may not use, though the schema's pattern allows them. cync finds its folder
 * by display name among the children of the mailbox's default Contacts folder
 * (docs/graph-behaviour.md#contact-folder-lookup), where Exchange keeps folders of its own — the
 * Recipient Cache behind Outlook's autocomplete, Organizational Contacts, Skype's and the people
 * hub's lists, some named by a GUID in braces (EWS DistinguishedFolderId:
 * https://learn.microsoft.com/exchange/client-developer/web-service-reference/distinguishedfolderid).
 * A policy naming one would write contacts into it. Names of the mailbox's well-known folders would
 * only mislead the owner. Other path-like names (`a/b`, `..\x`) are harmless: a folder name only
 * travels as a JSON string, an OData literal (src/policy/odata.ts) and an escaped state file name.
 */

/** Lower-cased; compared without case, as Exchange compares folder names. */
const EXCHANGE_CONTACT_FOLDERS = new Set([
  "recipient cache",
  "organizational contacts",
  "peoplecentricconversation buddies",
  "gal contacts",
  "quick contacts",
  "companies",
  "im contact list",
]);

const WELL_KNOWN_FOLDERS = new Set(["contacts", "deleted items", "inbox", "sent items", "drafts", "junk email", "archive", "outbox", "calendar", "tasks", "notes"]);

const GUID_IN_BRACES = /^\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}$/i;

/** Why a contact folder name is refused, or undefined. */
export function folderNameProblem(name: string): string | undefined {
  const key = name.toLowerCase();
  if (key === "contacts") {
    return "is the name of the mailbox's default Contacts folder; to sync into that folder write `folder: {defaultContacts: true}`, else choose another name";
  }
  if (EXCHANGE_CONTACT_FOLDERS.has(key) || GUID_IN_BRACES.test(name)) {
    return "is the name of a folder Exchange keeps for itself under Contacts; cync would write into it — choose another name";
  }
  if (WELL_KNOWN_FOLDERS.has(key)) return "is the name of one of the mailbox's well-known folders and would mislead its owner; choose another name";
  if (/^\.+$/.test(name)) return "is only dots, which reads as a path; choose a name with letters";
  return undefined;
}
