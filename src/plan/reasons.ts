/**
 * The plan's reason codes in words. The codes themselves are enumerated in schema/plan.schema.json
 * (types generated into src/generated/plan.ts), so a script reading a saved plan can rely on them;
 * the words here are what the text and markdown renderers show beside a count or a name. A new code
 * is added to the schema's enum, `npm run generate`, and then here — the compiler asks for it.
 */
import type { DeleteDetail, DeleteReason, NonTargetReason, SkipReason, WarningCode } from "../generated/plan";
import { skipReasonText } from "../mailbox/skip";

export type { DeleteDetail, DeleteReason, NonTargetReason, SkipReason, WarningCode };

/** Why a targeted mailbox could not be planned (the mailbox reader's classification, src/mailbox/skip.ts). */
export const SKIP_REASON_TEXT: Readonly<Record<SkipReason, string>> = skipReasonText;

/** Why a user is not a target: not a failure, so counted, never listed. */
export const NON_TARGET_REASON_TEXT: Readonly<Record<NonTargetReason, string>> = {
  "no-exchange-license": "no Exchange Online license",
  "account-disabled": "account disabled",
  excluded: "excluded by the policy",
  "opted-out": "opted out",
  "mailbox-kind-not-targeted": "mailbox kind not targeted",
};

/** What a group of warnings is about; each warning's own message adds the field and the numbers. */
export const WARNING_TEXT: Readonly<Record<WarningCode, string>> = {
  "phone-not-international": "phone numbers not readable as international numbers, written as they are",
  truncated: "values longer than Exchange accepts, truncated",
  "too-many-values": "more values than Exchange accepts, the first ones kept",
  unmappable: "no contact: the user could not be mapped",
  "duplicate-folder": "several contact folders share the policy's folder name; cync uses one",
  "invalid-characters": "characters a contact cannot hold (control characters, noncharacters), removed",
  "invalid-address": "values that are not usable mail addresses, dropped",
};

/** Why an owned contact is deleted. */
export const DELETE_REASON_TEXT: Readonly<Record<DeleteReason, string>> = {
  "source-gone": "no longer in the policy's source",
  self: "the mailbox owner themself",
  duplicate: "duplicate of another cync contact",
  "mailbox-left-targets": "mailbox no longer among the policy's targets",
  "policy-removed": "policy removed (deleted or renamed)",
};

/** Why a removal also removes the policy's folder (a mailbox's `removeFolder`). */
export const FOLDER_REMOVAL_TEXT = "cync created it; removed only when nothing is left in it";

/** Why a `source-gone` contact's user is no longer a source. */
export const DELETE_DETAIL_TEXT: Readonly<Record<DeleteDetail, string>> = {
  "source-user-left": "left the directory",
  "source-user-disabled": "account disabled",
  "source-user-no-longer-matches": "no longer matches the policy's source",
  "source-user-unmappable": "could not be mapped to a contact",
};

/** A deletion's reason in words: the detail when known, else the reason. */
export const deletionText = (d: { readonly reason: DeleteReason; readonly detail?: DeleteDetail }): string =>
  d.detail === undefined ? DELETE_REASON_TEXT[d.reason] : DELETE_DETAIL_TEXT[d.detail];
