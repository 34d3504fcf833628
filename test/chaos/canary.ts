/**
 * Canaries: unique strings planted as a hired user's personal data — mail, phones, street — to be
 * looked for where they must not be (logs, reports, Pulumi inputs and outputs, error messages),
 * beside the tenant apps' client secrets (random per tenant). The user's name is not a canary:
 * plans show names by design, redacted or not; neither is the UPN, shown as an identifier.
 */
const CANARY = { mail: "qzx7canary", phone: "4255550199", business: "5550177", street: "Qzx7 Canary Row" } as const;

/** The personal-data canaries, as searched for by {@link leaks}. */
export const CANARY_PERSONAL: readonly string[] = [CANARY.mail, CANARY.phone, CANARY.business, CANARY.street];

/** The canary user, for the control API's `POST /_sim/users`, in the tenant's `domain`. */
export function canaryUser(domain: string): Record<string, unknown> {
  return {
    userPrincipalName: `canary.person@${domain}`,
    mail: `${CANARY.mail}@${domain}`,
    displayName: "Canary Person",
    accountEnabled: true,
    userType: "Member",
    mobilePhone: "+1 425 555 0199",
    // Not international and no defaultRegion: a phone warning about this user.
    businessPhones: ["555 0177"],
    streetAddress: CANARY.street,
    mailbox: "user",
  };
}

/** Canary digits survive formatting ("+1 425-555-0199"): compare digits too. */
const digits = (s: string): string => s.replace(/\D/g, "");

/** The canaries found in a text. */
export function leaks(text: string, canaries: readonly string[]): string[] {
  return canaries.filter((c) => text.includes(c) || (/^\d+$/.test(c) && digits(text).includes(c)));
}
