// Turns the pipeline's final answer into what a call returns: `{ data, response }` for a success whose
// body is what the contract declares, otherwise `{ error, response }` with an XblError: the status's
// error, an XblResponseError for a success with the wrong body, an XblOutcomeUnknownError when a write
// may or may not have been applied. A retried delete that found nothing left is a success.
import type { OperationInfo } from "../contract/operation-types.js";
import { parseJson } from "../shared/json-codec.js";
import { correlationIdOf, errorFromResponse } from "./error-from-response.js";
import { type XblError, XblOutcomeUnknownError, XblResponseError } from "./errors.js";
import type { Reply } from "./pipeline/exchange.js";

export type CallResult = { data?: unknown; error?: XblError; response: Response };

/** What the pipeline learned about the call, beyond the response. */
export type CallFacts = Pick<Reply, "attempts" | "retryAfterMs" | "verdict">;

function wrongBody(info: OperationInfo, reply: CallFacts, response: Response, base: string, text: string, problem: "content-type" | "empty-body" | "invalid-json"): CallResult {
  const what = { "content-type": `a ${response.headers.get("content-type")} body where JSON is declared`, "empty-body": "no body where one is declared", "invalid-json": "a body that is not valid JSON" }[problem];
  const error = new XblResponseError(`${info.operationId}: HTTP ${response.status} with ${what}`, {
    problem,
    status: response.status,
    operation: info.operationId,
    body: text === "" ? undefined : text,
    attempts: reply.attempts,
    correlationId: correlationIdOf(response, base),
  });
  return { error, response };
}

export function callResult(info: OperationInfo, reply: CallFacts, text: string | undefined, correlationBase: string, response: Response): CallResult {
  const { status } = response;
  if (response.ok) {
    if (info.emptySuccessStatuses.includes(status)) return { data: undefined, response };
    if (text === undefined || text === "") return wrongBody(info, reply, response, correlationBase, "", "empty-body");
    const contentType = response.headers.get("content-type");
    if (contentType !== null && !/json/i.test(contentType)) return wrongBody(info, reply, response, correlationBase, text, "content-type");
    try {
      return { data: parseJson(text), response };
    } catch {
      return wrongBody(info, reply, response, correlationBase, text, "invalid-json");
    }
  }
  if (reply.verdict === "already-done") return { data: undefined, response };
  const error = errorFromResponse(response, {
    operation: info.operationId,
    text,
    attempts: reply.attempts,
    retryAfterMs: reply.retryAfterMs,
    correlationBase,
  });
  if (reply.verdict !== "outcome-unknown") return { error, response };
  const unknown = new XblOutcomeUnknownError(
    `${info.operationId}: an earlier attempt may have been applied and its answer was lost; HTTP ${status} on the retry cannot tell`,
    { status, operation: info.operationId, body: error.body, attempts: reply.attempts, correlationId: error.correlationId, cause: error },
  );
  return { error: unknown, response };
}

