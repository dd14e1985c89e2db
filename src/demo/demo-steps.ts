// What both demos share about their steps: a failed step is a DemoStepError naming the step, and the
// checks that raise it (a call's status, a condition). The message never holds tokens: it names the
// step and the status or value that was wrong.
import type { XblError } from "../client/errors.js";

export class DemoStepError extends Error {
  override readonly name = "DemoStepError";
}

/** The data of a call that answered with one of `statuses`; otherwise the step fails. */
export function expectOk<T>(step: string, result: { data?: T; error?: XblError; response: Response }, statuses: readonly number[]): T | undefined {
  if (result.error) throw new DemoStepError(`${step}: ${result.error.message}`);
  if (!statuses.includes(result.response.status)) {
    throw new DemoStepError(`${step}: expected ${statuses.join(" or ")}, got ${result.response.status}`);
  }
  return result.data;
}

export function check(step: string, condition: boolean, what: string): void {
  if (!condition) throw new DemoStepError(`${step}: ${what}`);
}
