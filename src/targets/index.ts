export { selectSourceUsers } from "./source";
export type { SourceFilter, DirectoryView } from "./source";
export { selectTargets, needsMailboxKinds, countReasons } from "./select";
export type { NonTarget, TargetMailbox, TargetSelection, TargetSkip, TargetSkipReason } from "./select";
export { openMailboxKinds, userPurposeKind, MAILBOX_KIND_TTL_MS } from "./kinds";
export type { KindOf, MailboxKinds, MailboxKindsOptions } from "./kinds";

