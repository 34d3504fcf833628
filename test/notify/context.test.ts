import { describe, expect, it } from "vitest";
import { commentContext } from "../../src/notify/context";

const TOKEN = "ghs_secretTokenValue123";
const EVENT_PATH = "/github/workflow/event.json";
const pullRequestEvent = JSON.stringify({ action: "synchronize", number: 7, pull_request: { number: 7 } });

/** What GitHub Actions sets on a pull_request run. */
const actions = {
  GITHUB_TOKEN: TOKEN,
  GITHUB_REPOSITORY: "contoso/contacts",
  GITHUB_EVENT_PATH: EVENT_PATH,
  GITHUB_SERVER_URL: "https://github.com",
  GITHUB_RUN_ID: "12345",
};
const events = (files: Record<string, string>) => (path: string): string => {
  const text = files[path];
  if (text === undefined) throw new Error(`ENOENT: no such file, open '${path}'`);
  return text;
};
const readEvent = events({ [EVENT_PATH]: pullRequestEvent });

describe("commentContext", () => {
  it("reads what GitHub Actions provides", () => {
    expect(commentContext(actions, {}, readEvent)).toEqual({
      token: TOKEN,
      target: { apiUrl: "https://api.github.com", owner: "contoso", repo: "contacts", pullRequest: 7 },
      runUrl: "https://github.com/contoso/contacts/actions/runs/12345",
      fullPlanUrl: "https://github.com/contoso/contacts/actions/runs/12345",
    });
  });

  it.each([
    { name: "--pr wins over the event", flags: { pr: 9 }, env: actions, field: "pullRequest", value: 9 },
    { name: "--pr without an event", flags: { pr: 9 }, env: { ...actions, GITHUB_EVENT_PATH: undefined }, field: "pullRequest", value: 9 },
    { name: "GITHUB_API_URL (trailing slash dropped)", flags: {}, env: { ...actions, GITHUB_API_URL: "http://127.0.0.1:8080/api/v3/" }, field: "apiUrl", value: "http://127.0.0.1:8080/api/v3" },
  ])("target: $name", ({ flags, env, field, value }) => {
    expect(commentContext(env, flags, readEvent).target).toMatchObject({ [field]: value });
  });

  it.each([
    { name: "--artifact-url", flags: { artifactUrl: "https://github.com/contoso/contacts/actions/runs/12345/artifacts/6" }, env: actions, expected: "https://github.com/contoso/contacts/actions/runs/12345/artifacts/6" },
    { name: "the run's page without it", flags: {}, env: actions, expected: "https://github.com/contoso/contacts/actions/runs/12345" },
    { name: "none outside a run", flags: {}, env: { ...actions, GITHUB_RUN_ID: undefined }, expected: undefined },
  ])("link to the full plan: $name", ({ flags, env, expected }) => {
    expect(commentContext(env, flags, readEvent).fullPlanUrl).toBe(expected);
  });

  it.each([
    { name: "no GITHUB_TOKEN", env: { ...actions, GITHUB_TOKEN: undefined }, flags: {}, error: /^GITHUB_TOKEN is not set: .*pull-requests: write/ },
    { name: "an empty GITHUB_TOKEN", env: { ...actions, GITHUB_TOKEN: "" }, flags: {}, error: /^GITHUB_TOKEN is not set/ },
    { name: "no GITHUB_REPOSITORY", env: { ...actions, GITHUB_REPOSITORY: undefined }, flags: {}, error: /^GITHUB_REPOSITORY is not set: set it to the repository's owner\/repo/ },
    { name: "a GITHUB_REPOSITORY without owner", env: { ...actions, GITHUB_REPOSITORY: "contacts" }, flags: {}, error: /^GITHUB_REPOSITORY is not owner\/repo/ },
    { name: "no event and no --pr", env: { ...actions, GITHUB_EVENT_PATH: undefined }, flags: {}, error: /^no pull request to comment on: pass --pr N/ },
    { name: "an unreadable event", env: { ...actions, GITHUB_EVENT_PATH: "/nowhere.json" }, flags: {}, error: /^GITHUB_EVENT_PATH names \/nowhere\.json, which cannot be read .*pass --pr N/ },
    { name: "a push event", env: { ...actions, GITHUB_EVENT_PATH: "/push.json" }, flags: {}, error: /^the event in GITHUB_EVENT_PATH is not a pull request's/ },
    { name: "a GITHUB_API_URL that is no URL", env: { ...actions, GITHUB_API_URL: "api.github.com" }, flags: {}, error: /^GITHUB_API_URL is not a URL/ },
    { name: "an --artifact-url that is not http(s)", env: actions, flags: { artifactUrl: "javascript:alert(1)" }, error: /^--artifact-url is not an http\(s\) URL/ },
    { name: "an --artifact-url with credentials", env: actions, flags: { artifactUrl: `https://x:${TOKEN}@github.com/` }, error: /^--artifact-url must not carry credentials/ },
    { name: "an --artifact-url too long for the comment", env: actions, flags: { artifactUrl: `https://github.com/${"a".repeat(2_000)}` }, error: /^--artifact-url is longer than 2000 characters/ },
  ])("refuses $name, saying what to set and never the token", ({ env, flags, error }) => {
    const files = events({ [EVENT_PATH]: pullRequestEvent, "/push.json": JSON.stringify({ ref: "refs/heads/main" }) });
    let message = "";
    try {
      commentContext(env, flags, files);
    } catch (e) {
      message = e instanceof Error ? e.message : String(e);
    }
    expect(message).toMatch(error);
    expect(message).not.toContain(TOKEN);
  });
});
