// The client's request pipeline, outermost stage first: retry loop, credentials, throttle, one attempt.
import type { Authenticator } from "../auth.js";
import { type AttemptSettings, attempt } from "./attempt-stage.js";
import { authorizing } from "./auth-stage.js";
import type { Send } from "./exchange.js";
import { retrying } from "./retry-stage.js";
import { type ThrottleSettings, throttling } from "./throttle-stage.js";

export type PipelineSettings = AttemptSettings & ThrottleSettings & { readonly auth: Authenticator | undefined };

export function createPipeline(settings: PipelineSettings): Send {
  return retrying(settings.timers)(authorizing(settings.auth)(throttling(settings)(attempt(settings))));
}
