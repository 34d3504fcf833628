/** A target mailbox, identified by its Entra user object id (the `{id}` of `/users/{id}/contacts`). */
export interface MailboxRef {
  readonly id: string;
  readonly upn: string;
  readonly displayName?: string;
}
