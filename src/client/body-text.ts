// Turns a response body's text into what callers get: bigint-safe JSON when it is JSON, the text when
// it is not (Xbox Live error bodies are text/plain), undefined when empty. Never throws.
import { parseJson } from "../shared/json-codec.js";

export function parseBodyText(text: string | undefined, contentType: string | null): unknown {
  if (text === undefined || text === "") return undefined;
  const looksJson = contentType === null || contentType === "" ? /^\s*[[{"]/.test(text) : /json/i.test(contentType);
  if (!looksJson) return text;
  try {
    return parseJson(text);
  } catch {
    return text;
  }
}
