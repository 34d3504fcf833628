/**
 * The Exchange Online PowerShell that confines the applier's contact access to the mailboxes a
 * management scope selects — RBAC for Applications:
 * https://learn.microsoft.com/en-us/exchange/permissions-exo/application-rbac
 * azuread cannot create Exchange RBAC objects, so the stack outputs these commands for an Exchange
 * administrator to run once, after `pulumi up`, rather than running them.
 */

/** The Exchange RBAC role that stands in for Graph's tenant-wide Contacts.ReadWrite. */
const EXCHANGE_CONTACTS_ROLE = "Application Contacts.ReadWrite";

export interface ExchangeScopeTarget {
  /** The applier's application (client) id. */
  readonly clientId: string;
  /** The object id of the applier's service principal (not of its application). */
  readonly servicePrincipalObjectId: string;
  readonly displayName: string;
  /** The management scope's name. */
  readonly scopeName: string;
  /** Which mailboxes the applier may reach, as an OPATH recipient filter. */
  readonly recipientFilter: string;
}

/** One command per line, each argument a single-quoted PowerShell literal. */
export function exchangeScopeCommands(target: ExchangeScopeTarget): string {
  const q = powershellLiteral;
  return [
    "Connect-ExchangeOnline",
    `New-ServicePrincipal -AppId ${q(target.clientId)} -ObjectId ${q(target.servicePrincipalObjectId)} -DisplayName ${q(target.displayName)}`,
    `New-ManagementScope -Name ${q(target.scopeName)} -RecipientRestrictionFilter ${q(target.recipientFilter)}`,
    `New-ManagementRoleAssignment -App ${q(target.clientId)} -Role ${q(EXCHANGE_CONTACTS_ROLE)} -CustomResourceScope ${q(target.scopeName)}`,
  ].join("\n");
}

/**
 * A verbatim string: nothing inside single quotes is expanded, and a quote is escaped by doubling
 * it. PowerShell also takes the typographic single quotes as quotes, so they are doubled too.
 * https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_quoting_rules
 */
function powershellLiteral(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201A\u201B]/g, "$&$&")}'`;
}
