import { describe, expect, it } from "vitest";
import { parseTemplate, TemplateSyntaxError } from "../../src/policy";

describe("parseTemplate", () => {
  it.each([
    { template: "", parts: [] },
    { template: "Contoso", parts: [{ text: "Contoso" }] },
    { template: "{givenName} {surname}", parts: [{ attribute: "givenName" }, { text: " " }, { attribute: "surname" }] },
    { template: "{ surname }, {givenName}", parts: [{ attribute: "surname" }, { text: ", " }, { attribute: "givenName" }] },
    { template: "{{literal}} {department}", parts: [{ text: "{literal} " }, { attribute: "department" }] },
    { template: "a}}b", parts: [{ text: "a}b" }] },
    { template: "{a.b}", parts: [{ attribute: "a.b" }] },
  ])("$template", ({ template, parts }) => {
    expect(parseTemplate(template)).toEqual(parts);
  });

  it.each([
    { template: "{surname", offset: 0, message: "never closed" },
    { template: "x {a {b}", offset: 2, message: "never closed" },
    { template: "a}", offset: 1, message: "without a matching" },
    { template: "x {}", offset: 2, message: "empty braces" },
    { template: "{ }", offset: 0, message: "empty braces" },
  ])("rejects $template", ({ template, offset, message }) => {
    const attempt = () => parseTemplate(template);
    expect(attempt).toThrow(TemplateSyntaxError);
    expect(attempt).toThrow(message);
    try {
      attempt();
    } catch (err) {
      expect((err as TemplateSyntaxError).offset).toBe(offset);
    }
  });
});
