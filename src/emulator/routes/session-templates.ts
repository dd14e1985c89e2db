/**
 * Session templates: the names an SCID has (`{ results: [names] }`) and one template, rendered as the
 * constants a new session of it starts with (the template's values, then the contract's defaults).
 */
import type { RequestContext } from "../http/request-context.js";
import { json, type Reply } from "../http/reply.js";
import { constantsFromTemplate } from "../model/template-constants.js";
import { findTemplate } from "./sessions.js";

export function listSessionTemplates(ctx: RequestContext): Reply {
  const names = ctx.state.templates.list(ctx.params["scid"] ?? "").map((t) => t.name);
  return json(200, { results: names });
}

export function getSessionTemplate(ctx: RequestContext): Reply {
  const template = findTemplate(ctx, { scid: ctx.params["scid"] ?? "", templateName: ctx.params["sessionTemplateName"] ?? "" });
  if ("status" in template) return template;
  const created = constantsFromTemplate(template, undefined);
  // A template never conflicts with an empty request.
  const constants = created.ok ? created.constants : template.constants;
  return json(200, { contractVersion: ctx.contractVersion, constants });
}
