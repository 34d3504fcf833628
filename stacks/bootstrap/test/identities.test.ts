/**
 * The bootstrap stack creates cync's two identities with exactly the Microsoft Graph permissions
 * README "Permissions" lists, trusted only for the GitHub OIDC subjects configured, and no secret.
 */
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import program from "../src/index";
import { configure, GRAPH_SERVICE_PRINCIPAL, permissionOf, runStack, TENANT_ID, type RecordedResource, type StackRun } from "./stack";

const APPLICATION = "azuread:index/application:Application";
const SERVICE_PRINCIPAL = "azuread:index/servicePrincipal:ServicePrincipal";
const ROLE_ASSIGNMENT = "azuread:index/appRoleAssignment:AppRoleAssignment";
const FEDERATED_CREDENTIAL = "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential";
const IDENTITY = "cync:bootstrap:Identity";
const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

interface Case {
  readonly name: string;
  readonly config: Record<string, string>;
  readonly planner: { readonly displayName: string; readonly subject: string; readonly permissions: readonly string[] };
  readonly applier: { readonly displayName: string; readonly subject: string; readonly permissions: readonly string[] };
  readonly outputs: readonly string[];
}

const CASES: readonly Case[] = [
  {
    name: "defaults: the production environment, user mailboxes only",
    config: { githubRepository: "contoso/cync-policies" },
    planner: { displayName: "cync-planner", subject: "repo:contoso/cync-policies:pull_request", permissions: ["User.Read.All", "GroupMember.Read.All", "Contacts.Read"] },
    applier: { displayName: "cync-applier", subject: "repo:contoso/cync-policies:environment:production", permissions: ["User.Read.All", "GroupMember.Read.All", "Contacts.ReadWrite"] },
    outputs: ["tenantId", "plannerClientId", "applierClientId"],
  },
  {
    name: "another environment and name prefix",
    config: { githubRepository: "Fabrikam-IT/Contacts.Sync", environment: "Tenant Prod", namePrefix: "fabrikam-cync" },
    planner: { displayName: "fabrikam-cync-planner", subject: "repo:Fabrikam-IT/Contacts.Sync:pull_request", permissions: ["User.Read.All", "GroupMember.Read.All", "Contacts.Read"] },
    applier: { displayName: "fabrikam-cync-applier", subject: "repo:Fabrikam-IT/Contacts.Sync:environment:Tenant Prod", permissions: ["User.Read.All", "GroupMember.Read.All", "Contacts.ReadWrite"] },
    outputs: ["tenantId", "plannerClientId", "applierClientId"],
  },
  {
    name: "mailboxSettings: both identities read mailbox kinds, since both plan",
    config: { githubRepository: "contoso/cync-policies", mailboxSettings: "true" },
    planner: { displayName: "cync-planner", subject: "repo:contoso/cync-policies:pull_request", permissions: ["User.Read.All", "GroupMember.Read.All", "Contacts.Read", "MailboxSettings.Read"] },
    applier: { displayName: "cync-applier", subject: "repo:contoso/cync-policies:environment:production", permissions: ["User.Read.All", "GroupMember.Read.All", "Contacts.ReadWrite", "MailboxSettings.Read"] },
    outputs: ["tenantId", "plannerClientId", "applierClientId"],
  },
  {
    name: "mailboxSettings: false is the default",
    config: { githubRepository: "contoso/cync-policies", mailboxSettings: "false" },
    planner: { displayName: "cync-planner", subject: "repo:contoso/cync-policies:pull_request", permissions: ["User.Read.All", "GroupMember.Read.All", "Contacts.Read"] },
    applier: { displayName: "cync-applier", subject: "repo:contoso/cync-policies:environment:production", permissions: ["User.Read.All", "GroupMember.Read.All", "Contacts.ReadWrite"] },
    outputs: ["tenantId", "plannerClientId", "applierClientId"],
  },
  {
    name: "exchangeScope: the applier gets contacts from Exchange RBAC, not tenant-wide Contacts.ReadWrite",
    config: { githubRepository: "contoso/cync-policies", exchangeScope: "CustomAttribute1 -eq 'cync'" },
    planner: { displayName: "cync-planner", subject: "repo:contoso/cync-policies:pull_request", permissions: ["User.Read.All", "GroupMember.Read.All", "Contacts.Read"] },
    applier: { displayName: "cync-applier", subject: "repo:contoso/cync-policies:environment:production", permissions: ["User.Read.All", "GroupMember.Read.All"] },
    outputs: ["tenantId", "plannerClientId", "applierClientId", "exchangeScopeCommands"],
  },
];

const ofType = (run: StackRun, type: string): readonly RecordedResource[] => run.resources.filter((r) => r.type === type);
const sorted = (values: readonly unknown[]): unknown[] => [...values].map(String).sort();

function identity(run: StackRun, name: "planner" | "applier") {
  const application = ofType(run, APPLICATION).find((r) => r.name === name)!;
  const servicePrincipal = ofType(run, SERVICE_PRINCIPAL).find((r) => r.inputs["clientId"] === application.state["clientId"])!;
  return {
    application,
    servicePrincipal,
    assignments: ofType(run, ROLE_ASSIGNMENT).filter((r) => r.inputs["principalObjectId"] === servicePrincipal.state["objectId"]),
    credentials: ofType(run, FEDERATED_CREDENTIAL).filter((r) => r.inputs["applicationId"] === `/applications/${String(application.state["objectId"])}`),
  };
}

describe.each(CASES)("bootstrap stack, $name", (c) => {
  it("creates exactly two applications, one service principal each, and nothing but identities, trust and role assignments", async () => {
    const run = await runStack(program, c.config);
    expect(sorted(ofType(run, APPLICATION).map((r) => r.inputs["displayName"]))).toEqual(sorted([c.planner.displayName, c.applier.displayName]));
    expect(ofType(run, SERVICE_PRINCIPAL)).toHaveLength(2);
    expect(new Set(run.resources.map((r) => r.type))).toEqual(new Set(["pulumi:pulumi:Stack", IDENTITY, APPLICATION, SERVICE_PRINCIPAL, FEDERATED_CREDENTIAL, ROLE_ASSIGNMENT]));
  });

  it.each(["planner", "applier"] as const)("consents the %s to exactly its Microsoft Graph permissions, as listed on its application", async (name) => {
    const run = await runStack(program, c.config);
    const { application, assignments } = identity(run, name);
    expect(sorted(assignments.map((a) => permissionOf(a.inputs["appRoleId"])))).toEqual(sorted(c[name].permissions));
    for (const assignment of assignments) expect(assignment.inputs["resourceObjectId"]).toBe(GRAPH_SERVICE_PRINCIPAL.objectId);
    expect(application.inputs["requiredResourceAccesses"]).toEqual([{
      resourceAppId: GRAPH_APP_ID,
      resourceAccesses: c[name].permissions.map((permission) => ({ id: GRAPH_SERVICE_PRINCIPAL.appRoleIds[permission], type: "Role" })),
    }]);
  });

  it.each(["planner", "applier"] as const)("trusts the %s only for its GitHub OIDC subject", async (name) => {
    const run = await runStack(program, c.config);
    expect(identity(run, name).credentials.map((r) => r.inputs)).toEqual([expect.objectContaining({
      issuer: "https://token.actions.githubusercontent.com",
      audiences: ["api://AzureADTokenExchange"],
      subject: c[name].subject,
    })]);
  });

  it("creates no secret: no password or certificate resource, no password on an application, no secret output", async () => {
    const run = await runStack(program, c.config);
    expect(run.resources.filter((r) => /password|certificate|secret/i.test(r.type))).toEqual([]);
    for (const application of ofType(run, APPLICATION)) expect(application.inputs).not.toHaveProperty("password");
    expect(Object.keys(run.outputs).sort()).toEqual([...c.outputs].sort());
    for (const [key, output] of Object.entries(run.returned)) expect(await pulumi.isSecret(output as pulumi.Output<unknown>), key).toBe(false);
  });

  it("outputs what the repository variables take: the tenant id and the two client ids", async () => {
    const run = await runStack(program, c.config);
    expect(run.outputs).toMatchObject({ tenantId: TENANT_ID, plannerClientId: "planner-client-id", applierClientId: "applier-client-id" });
  });
});

describe("bootstrap stack, exchangeScope", () => {
  it("outputs the Exchange Online commands that scope the applier's contact access to the filtered mailboxes", async () => {
    const run = await runStack(program, { githubRepository: "contoso/cync-policies", exchangeScope: "CustomAttribute1 -eq 'cync'" });
    expect(String(run.outputs["exchangeScopeCommands"]).split("\n")).toEqual([
      "Connect-ExchangeOnline",
      "New-ServicePrincipal -AppId 'applier-client-id' -ObjectId 'applier-sp-object-id' -DisplayName 'cync-applier'",
      "New-ManagementScope -Name 'cync-applier-mailboxes' -RecipientRestrictionFilter 'CustomAttribute1 -eq ''cync'''",
      "New-ManagementRoleAssignment -App 'applier-client-id' -Role 'Application Contacts.ReadWrite' -CustomResourceScope 'cync-applier-mailboxes'",
    ]);
  });
});

describe("bootstrap stack, configuration errors", () => {
  const REPOSITORY_ERROR = /githubRepository must name the GitHub repository as OWNER\/REPO/;
  it.each<{ name: string; config: Record<string, string>; error: RegExp }>([
    { name: "githubRepository not set", config: {}, error: /githubRepository .*it is not set/ },
    { name: "a repository without owner", config: { githubRepository: "cync" }, error: REPOSITORY_ERROR },
    { name: "a URL", config: { githubRepository: "https://github.com/contoso/cync" }, error: REPOSITORY_ERROR },
    { name: "a path too deep", config: { githubRepository: "contoso/cync/main" }, error: REPOSITORY_ERROR },
    { name: "an owner starting with a hyphen", config: { githubRepository: "-contoso/cync" }, error: REPOSITORY_ERROR },
    { name: "an owner with two hyphens in a row", config: { githubRepository: "con--toso/cync" }, error: REPOSITORY_ERROR },
    { name: "an owner of 40 characters", config: { githubRepository: `${"a".repeat(40)}/cync` }, error: REPOSITORY_ERROR },
    { name: "a repository named ..", config: { githubRepository: "contoso/.." }, error: REPOSITORY_ERROR },
    { name: "a space in the name", config: { githubRepository: "contoso/cync policies" }, error: REPOSITORY_ERROR },
    { name: "a wildcard", config: { githubRepository: "contoso/*" }, error: REPOSITORY_ERROR },
    { name: "an empty environment", config: { githubRepository: "contoso/cync", environment: "" }, error: /environment must be a GitHub environment name/ },
    { name: "an environment with surrounding spaces", config: { githubRepository: "contoso/cync", environment: " production" }, error: /environment must be a GitHub environment name/ },
    { name: "an empty namePrefix", config: { githubRepository: "contoso/cync", namePrefix: " " }, error: /namePrefix must not be empty/ },
    { name: "an empty exchangeScope", config: { githubRepository: "contoso/cync", exchangeScope: "" }, error: /exchangeScope must be an Exchange Online recipient filter/ },
    { name: "mailboxSettings not a boolean", config: { githubRepository: "contoso/cync", mailboxSettings: "yes" }, error: /mailboxSettings/ },
  ])("fails before creating anything: $name", async ({ config, error }) => {
    const created: RecordedResource[] = [];
    await configure(config, created);
    expect(() => program()).toThrow(error);
    await pulumi.runtime.disconnect();
    expect(created).toEqual([]);
  });
});
