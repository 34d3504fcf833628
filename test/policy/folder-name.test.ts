/** folderNameProblem: names the schema allows but a policy's folder may not have. */
import { describe, expect, it } from "vitest";
import { folderNameProblem } from "../../src/policy/folder-name";

describe("folderNameProblem", () => {
  it.each([
    { name: "Contacts", problem: "write `folder: {defaultContacts: true}`" },
    { name: "contacts", problem: "the mailbox's default Contacts folder" },
    { name: "Recipient Cache", problem: "a folder Exchange keeps for itself under Contacts" },
    { name: "ORGANIZATIONAL CONTACTS", problem: "a folder Exchange keeps for itself" },
    { name: "PeopleCentricConversation Buddies", problem: "a folder Exchange keeps for itself" },
    { name: "GAL Contacts", problem: "a folder Exchange keeps for itself" },
    { name: "{06967759-274D-40B2-A3EB-D7F9E73727D7}", problem: "a folder Exchange keeps for itself" },
    { name: "Deleted Items", problem: "the mailbox's well-known folders" },
    { name: "Inbox", problem: "the mailbox's well-known folders" },
    { name: ".", problem: "only dots" },
    { name: "..", problem: "only dots" },
  ])("refuses $name", ({ name, problem }) => {
    expect(folderNameProblem(name)).toContain(problem);
  });

  // Path-like names travel only as a JSON string, an OData literal and an escaped state file name.
  it.each(["CYNC", "Colleagues", "../x", "a/b", "\\\\", "..\\x", "Team's contacts", "x' or 1 eq 1", "%27", "$filter=id", "Contacts (synced)", "{not a guid}", "営業部", "🚀 Team", "a".repeat(255)])(
    "accepts %s",
    (name) => {
      expect(folderNameProblem(name)).toBeUndefined();
    },
  );
});
