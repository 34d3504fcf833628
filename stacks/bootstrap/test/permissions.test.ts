import { describe, expect, it } from "vitest";
import { appRoleId } from "../src/permissions";

describe("appRoleId", () => {
  const GRAPH_ROLES = { "User.Read.All": "df021288-bdef-4463-88db-98f22de89214" };

  it("takes a permission's id from Microsoft Graph's service principal", () => {
    expect(appRoleId(GRAPH_ROLES, "User.Read.All")).toBe("df021288-bdef-4463-88db-98f22de89214");
  });

  it("names the permission the tenant's Microsoft Graph does not list, rather than granting nothing", () => {
    expect(() => appRoleId(GRAPH_ROLES, "Contacts.Read")).toThrow("Microsoft Graph's service principal lists no app role named Contacts.Read");
  });
});
