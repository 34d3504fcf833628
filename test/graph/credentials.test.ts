import {
  AzureCliCredential,
  ClientAssertionCredential,
  ClientCertificateCredential,
  ClientSecretCredential,
  ManagedIdentityCredential,
  WorkloadIdentityCredential,
} from "@azure/identity";
import { describe, expect, it } from "vitest";
import { graphUrlFromEnv } from "../../src/graph/client";
import { authorityOptions, credentialFromEnv, planCredential } from "../../src/graph/credentials";
import { CredentialConfigError } from "../../src/graph/errors/credential-config-error";

const app = { AZURE_TENANT_ID: "tenant-guid", AZURE_CLIENT_ID: "client-guid" };
const secret = "s3cr3t-value-never-printed";
const github = { ACTIONS_ID_TOKEN_REQUEST_URL: "https://token.actions.example/?api-version=2.0", ACTIONS_ID_TOKEN_REQUEST_TOKEN: secret };

describe("planCredential", () => {
  it.each([
    ["client secret", { ...app, AZURE_CLIENT_SECRET: secret }, "client-secret"],
    ["certificate", { ...app, AZURE_CLIENT_CERTIFICATE_PATH: "/etc/cync/cert.pem" }, "client-certificate"],
    ["federated token file (workload identity, OIDC written to a file)", { ...app, AZURE_FEDERATED_TOKEN_FILE: "/var/run/token" }, "federated-token-file"],
    ["GitHub Actions OIDC", { ...app, ...github }, "github-oidc"],
    ["managed identity on App Service", { IDENTITY_ENDPOINT: "http://169.254.0.1/msi" }, "managed-identity"],
    ["managed identity, legacy variable", { MSI_ENDPOINT: "http://localhost/msi" }, "managed-identity"],
    ["secret wins over certificate, as EnvironmentCredential", { ...app, AZURE_CLIENT_SECRET: secret, AZURE_CLIENT_CERTIFICATE_PATH: "/c.pem" }, "client-secret"],
    ["CYNC_CREDENTIAL forces the Azure CLI", { ...app, AZURE_CLIENT_SECRET: secret, CYNC_CREDENTIAL: "azure-cli" }, "azure-cli"],
    ["CYNC_CREDENTIAL forces managed identity (VM: IMDS sets no variable)", { CYNC_CREDENTIAL: "managed-identity" }, "managed-identity"],
  ])("%s → %s", (_name, env, kind) => {
    expect(planCredential(env).kind).toBe(kind);
  });

  it("lists the variables a credential uses, optional ones only when set", () => {
    expect(planCredential({ ...app, AZURE_CLIENT_CERTIFICATE_PATH: "/c.pem", AZURE_CLIENT_CERTIFICATE_PASSWORD: secret, AZURE_AUTHORITY_HOST: "https://login.example" }).uses).toEqual([
      "AZURE_TENANT_ID",
      "AZURE_CLIENT_ID",
      "AZURE_CLIENT_CERTIFICATE_PATH",
      "AZURE_CLIENT_CERTIFICATE_PASSWORD",
      "AZURE_AUTHORITY_HOST",
    ]);
  });

  it.each([
    ["nothing configured", {}, /No Azure credential is configured[\s\S]*AZURE_CLIENT_SECRET[\s\S]*CYNC_CREDENTIAL=azure-cli/],
    ["secret without tenant", { AZURE_CLIENT_ID: "c", AZURE_CLIENT_SECRET: secret }, /client secret needs .*; missing: AZURE_TENANT_ID\.$/],
    ["blank values count as missing", { ...app, AZURE_TENANT_ID: "  ", AZURE_CLIENT_SECRET: secret }, /missing: AZURE_TENANT_ID\.$/],
    ["certificate without client id", { AZURE_TENANT_ID: "t", AZURE_CLIENT_CERTIFICATE_PATH: "/c.pem" }, /missing: AZURE_CLIENT_ID\.$/],
    ["token file without ids", { AZURE_FEDERATED_TOKEN_FILE: "/t" }, /missing: AZURE_TENANT_ID, AZURE_CLIENT_ID\.$/],
    ["GitHub OIDC without tenant", { AZURE_CLIENT_ID: "c", ...github }, /GitHub Actions OIDC needs .*missing: AZURE_TENANT_ID\.$/],
    ["unknown CYNC_CREDENTIAL", { CYNC_CREDENTIAL: "password" }, /CYNC_CREDENTIAL is "password"; expected one of: client-secret, /],
  ])("%s: a CredentialConfigError naming what is missing, never a value", (_name, env, message) => {
    let error: unknown;
    try {
      planCredential(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CredentialConfigError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain(secret);
  });
});

describe("credentialFromEnv", () => {
  it.each([
    [{ ...app, AZURE_CLIENT_SECRET: secret }, ClientSecretCredential],
    [{ ...app, AZURE_CLIENT_CERTIFICATE_PATH: "/etc/cync/cert.pem" }, ClientCertificateCredential],
    [{ ...app, AZURE_FEDERATED_TOKEN_FILE: "/var/run/token" }, WorkloadIdentityCredential],
    [{ ...app, ...github }, ClientAssertionCredential],
    [{ IDENTITY_ENDPOINT: "http://169.254.0.1/msi", AZURE_CLIENT_ID: "user-assigned" }, ManagedIdentityCredential],
    [{ CYNC_CREDENTIAL: "azure-cli" }, AzureCliCredential],
  ])("builds the planned @azure/identity credential (%#)", (env, type) => {
    expect(credentialFromEnv(env).credential).toBeInstanceOf(type);
  });
});

describe("authorityOptions", () => {
  it.each([
    ["unset: the library's default (public cloud)", undefined, {}],
    ["a Microsoft cloud keeps instance discovery", "https://login.microsoftonline.us", { authorityHost: "https://login.microsoftonline.us" }],
    [
      "any other host (the embedded tenant) turns discovery off",
      "https://127.0.0.1:8443/",
      { authorityHost: "https://127.0.0.1:8443", disableInstanceDiscovery: true },
    ],
  ])("%s", (_name, host, expected) => {
    expect(authorityOptions({ AZURE_AUTHORITY_HOST: host })).toEqual(expected);
  });
});

describe("graphUrlFromEnv", () => {
  it.each([
    ["unset: Microsoft Graph", undefined, "https://graph.microsoft.com"],
    ["US Government cloud", "https://graph.microsoft.us", "https://graph.microsoft.us"],
    ["embedded tenant, trailing slash dropped", "https://127.0.0.1:8443/", "https://127.0.0.1:8443"],
  ])("%s", (_name, value, expected) => {
    expect(graphUrlFromEnv({ CYNC_GRAPH_URL: value })).toBe(expected);
  });

  it.each([
    ["not a URL", "graph.microsoft.com"],
    ["plain http would send tokens in clear", "http://127.0.0.1:8080"],
  ])("refuses %s", (_name, value) => {
    expect(() => graphUrlFromEnv({ CYNC_GRAPH_URL: value })).toThrow(CredentialConfigError);
  });
});
