// Reads a response body as text with a size cap, so a hostile or broken server cannot make the client
// hold more than `maxBytes` (decoded bytes: a small gzip body cannot expand past the cap either).

export const TOO_LARGE = Symbol("xbl body too large");

const decoder = new TextDecoder();

/** The body as UTF-8 text (BOM dropped, as Response.text() does), or TOO_LARGE once it passes `maxBytes`. */
export async function readBodyText(response: Response, maxBytes: number, holder: { reader: ReadableStreamDefaultReader<Uint8Array> | undefined }): Promise<string | typeof TOO_LARGE> {
  const body = response.body;
  if (body === null) return "";
  const declared = response.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes && !response.headers.has("content-encoding")) {
    body.cancel().catch(() => {});
    return TOO_LARGE;
  }
  const reader = body.getReader();
  holder.reader = reader; // so a timeout can cancel the read
  let first: Uint8Array | undefined;
  let more: Uint8Array[] | undefined;
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      reader.cancel().catch(() => {});
      return TOO_LARGE;
    }
    if (first === undefined) first = value;
    else (more ??= []).push(value);
  }
  if (first === undefined) return "";
  if (more === undefined) return decoder.decode(first);
  const all = new Uint8Array(total);
  all.set(first, 0);
  let offset = first.byteLength;
  for (const chunk of more) {
    all.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return decoder.decode(all);
}
