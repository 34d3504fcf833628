/**
 * The dispatch pipeline every Graph request runs through — direct or as a `$batch` item — after the
 * transport authenticated it: route matching, then the stages in order (statistics → faults →
 * throttling), then the permission check and the route's handler. `$batch` calls `dispatch` for
 * its items, so throttling, faults and statistics see them exactly like direct requests
 * (docs/graph-behaviour.md#batch-item-throttling).
 */
import { graphError } from "./errors";
import { createRouter } from "./router";
import type { DirectoryView, DispatchContext, Route, SimRequest, SimResponse, Stage } from "./types";

export type Dispatch = (req: SimRequest) => Promise<SimResponse>;

export interface PipelineOptions {
  readonly routes: readonly Route[];
  readonly stages: readonly Stage[];
  readonly directory: DirectoryView;
}

/**
 * 403 as the service answering it words it: Exchange for mailbox routes, the directory otherwise
 * (docs/graph-behaviour.md#authentication-errors).
 */
function forbidden(req: SimRequest, route: Route): SimResponse {
  return route.mailboxParam !== undefined
    ? graphError(req, 403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.")
    : graphError(req, 403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
}

async function terminal(ctx: DispatchContext): Promise<SimResponse> {
  const { req, route } = ctx;
  if (!route) return graphError(req, 400, "BadRequest", `Resource not found for the segment '${ctx.params["segment"] ?? ""}'.`);
  if (route.anyOf.length > 0 && !route.anyOf.some((p) => req.principal.roles.includes(p))) return forbidden(req, route);
  try {
    return await route.handler(req, ctx.params);
  } catch (err) {
    // A handler bug must not take the server down; Graph answers such failures with 500.
    const detail = err instanceof Error ? err.message : String(err);
    return graphError(req, 500, "InternalServerError", `The simulator failed to handle the request: ${detail}`);
  }
}

export function createPipeline(options: PipelineOptions): { dispatch: Dispatch } {
  const router = createRouter(options.routes);
  const stages = options.stages;

  const dispatch: Dispatch = (req) => {
    const match = router.match(req.method, req.path);
    if (match.kind === "method-not-allowed") {
      return Promise.resolve(graphError(req, 405, "Request_BadRequest", `The HTTP method '${req.method}' is not allowed for this resource.`));
    }
    const route = match.kind === "route" ? match.route : undefined;
    const params = match.kind === "route" ? match.params : { segment: match.segment };
    const mailboxParam = route?.mailboxParam;
    const owner = mailboxParam !== undefined ? params[mailboxParam] : undefined;
    const mailboxId = owner === undefined ? undefined : (options.directory.resolveUser(owner)?.id ?? owner.toLowerCase());
    const ctx: DispatchContext = { req, route, params, mailboxId };
    const run = (i: number): Promise<SimResponse> => (i < stages.length ? stages[i]!.handle(ctx, () => run(i + 1)) : terminal(ctx));
    return run(0);
  };
  return { dispatch };
}
