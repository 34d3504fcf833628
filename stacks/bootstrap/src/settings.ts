/**
 * The stack's settings, read from Pulumi config and checked before anything is created.
 * stacks/bootstrap/Pulumi.example.yaml documents each key.
 */
import type * as pulumi from "@pulumi/pulumi";

export interface BootstrapSettings {
  /** OWNER/REPO, as GitHub spells it: Entra ID compares the subject claim exactly. */
  readonly githubRepository: string;
  /** The GitHub environment the reconcile job runs in; only its jobs may sign in as the applier. */
  readonly environment: string;
  /** Display names are `<namePrefix>-planner` and `<namePrefix>-applier`. */
  readonly namePrefix: string;
  /** Grant MailboxSettings.Read, which policies targeting shared, room or equipment mailboxes need. */
  readonly mailboxSettings: boolean;
  /** An Exchange Online recipient filter confining the applier's contact access; absent: tenant-wide. */
  readonly exchangeScope?: string;
}

const DEFAULT_ENVIRONMENT = "production";
const DEFAULT_NAME_PREFIX = "cync";

/**
 * GitHub's rules: an owner is 1–39 letters, digits or single inner hyphens; a repository name is
 * 1–100 letters, digits, `.`, `_`, `-`, but not `.` or `..`.
 */
const GITHUB_REPOSITORY = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}\/(?!\.\.?$)[A-Za-z0-9._-]{1,100}$/;
/** GitHub caps environment names at 255 characters. */
const MAX_ENVIRONMENT_LENGTH = 255;

type ConfigReader = Pick<pulumi.Config, "get" | "getBoolean">;

export function readSettings(config: ConfigReader): BootstrapSettings {
  const githubRepository = config.get("githubRepository");
  if (githubRepository === undefined || !GITHUB_REPOSITORY.test(githubRepository)) {
    const got = githubRepository === undefined ? "it is not set" : `got ${JSON.stringify(githubRepository)}`;
    throw new Error(`githubRepository must name the GitHub repository as OWNER/REPO (e.g. contoso/cync), exactly as GitHub spells it; ${got}. Set it with: pulumi config set githubRepository OWNER/REPO`);
  }
  const environment = config.get("environment") ?? DEFAULT_ENVIRONMENT;
  if (environment.trim() !== environment || environment === "" || environment.length > MAX_ENVIRONMENT_LENGTH) {
    throw new Error(`environment must be a GitHub environment name (1–${MAX_ENVIRONMENT_LENGTH} characters, no surrounding spaces); got ${JSON.stringify(environment)}`);
  }
  const namePrefix = config.get("namePrefix") ?? DEFAULT_NAME_PREFIX;
  if (namePrefix.trim() === "") throw new Error("namePrefix must not be empty");
  const exchangeScope = config.get("exchangeScope");
  if (exchangeScope !== undefined && exchangeScope.trim() === "") {
    throw new Error("exchangeScope must be an Exchange Online recipient filter (e.g. CustomAttribute1 -eq 'cync'), or not set");
  }
  return {
    githubRepository,
    environment,
    namePrefix,
    mailboxSettings: config.getBoolean("mailboxSettings") ?? false,
    ...(exchangeScope === undefined ? {} : { exchangeScope }),
  };
}
