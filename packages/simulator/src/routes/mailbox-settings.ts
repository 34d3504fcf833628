/**
 * `GET /users/{id}/mailboxSettings[/{setting}]`: how cync tells user mailboxes from shared, room
 * and equipment ones — `userPurpose` (docs/graph-behaviour.md#mailbox-kind). An Outlook
 * resource: needs MailboxSettings.Read, counts against the mailbox's limits, and answers for users
 * without a mailbox like the contact routes do (the mailbox side's `openMailbox`).
 */
import { graphError } from "../errors";
import { isResponse, json, openMailbox, type MailboxDeps } from "../mailbox/context";
import { parseSelect } from "../odata/select";
import type { Params, Route, SimRequest, SimResponse } from "../types";

/** Mailbox settings as Exchange returns them (https://learn.microsoft.com/graph/api/resources/mailboxsettings?view=graph-rest-1.0); userPurpose is the mailbox kind. */
function mailboxSettings(userPurpose: string): Record<string, unknown> {
  return {
    archiveFolder: "AAMkAGI2TGuLAAA=",
    timeZone: "UTC",
    automaticRepliesSetting: {
      status: "disabled",
      externalAudience: "all",
      internalReplyMessage: "",
      externalReplyMessage: "",
      scheduledStartDateTime: { dateTime: "2026-01-01T00:00:00.0000000", timeZone: "UTC" },
      scheduledEndDateTime: { dateTime: "2026-01-02T00:00:00.0000000", timeZone: "UTC" },
    },
    language: { locale: "en-US", displayName: "English (United States)" },
    dateFormat: "M/d/yyyy",
    timeFormat: "h:mm tt",
    delegateMeetingMessageDeliveryOptions: "sendToDelegateOnly",
    userPurpose,
    workingHours: {
      daysOfWeek: ["monday", "tuesday", "wednesday", "thursday", "friday"],
      startTime: "08:00:00.0000000",
      endTime: "17:00:00.0000000",
      timeZone: { name: "UTC" },
    },
  };
}

const MAILBOX_SETTINGS_PROPERTIES = Object.keys(mailboxSettings("user"));

function getMailboxSettings(deps: MailboxDeps, req: SimRequest, params: Params): SimResponse {
  const opened = openMailbox(deps, req, params);
  if (isResponse(opened)) return opened;
  const kind = deps.dir.resolveUser(opened.mb.owner)!.mailboxKind!;
  const settings = mailboxSettings(kind);
  const context = `${req.baseUrl}/$metadata#users('${opened.seg}')/mailboxSettings`;
  const setting = params["setting"];
  if (setting !== undefined) {
    const name = MAILBOX_SETTINGS_PROPERTIES.find((p) => p.toLowerCase() === setting.toLowerCase());
    if (!name) return graphError(req, 400, "BadRequest", `Resource not found for the segment '${setting}'.`);
    return json(200, { "@odata.context": `${context}/${name}`, value: settings[name] });
  }
  const select = parseSelect(req.query.get("$select"), MAILBOX_SETTINGS_PROPERTIES, "microsoft.graph.mailboxSettings");
  if (!select.ok) return graphError(req, 400, "RequestBroker--ParseUri", select.message);
  if (!select.props) return json(200, { "@odata.context": context, ...settings });
  const picked = Object.fromEntries(select.props.map((p) => [p, settings[p]]));
  return json(200, { "@odata.context": `${context}(${select.props.join(",")})`, ...picked });
}

export function mailboxSettingsRoutes(deps: MailboxDeps): Route[] {
  return ["/users/{userId}/mailboxSettings", "/users/{userId}/mailboxSettings/{setting}"].map((pattern) => ({
    method: "GET",
    pattern,
    anyOf: ["MailboxSettings.Read"],
    mailboxParam: "userId",
    handler: (req, params) => getMailboxSettings(deps, req, params),
  }));
}
