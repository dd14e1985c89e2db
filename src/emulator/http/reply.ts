/**
 * What a route handler answers, independent of node:http: a status, headers and at most one of a
 * JSON value, pre-serialized JSON or a plain-text message. The server writes it out; tests and
 * the conformance checks see exactly these shapes. Error replies are built in ../errors.ts.
 */
import type { ServerResponse } from "node:http";
import { stringifyJson } from "../../shared/json-codec.js";

export interface Reply {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** A JSON value, serialized with the bigint-safe codec. */
  readonly json?: unknown;
  /** Already serialized JSON (cached session bodies). */
  readonly rawJson?: string;
  /** A plain-text message (MPSD error bodies). */
  readonly text?: string;
}

export const empty = (status: number, headers?: Record<string, string>): Reply => (headers ? { status, headers } : { status });

export const json = (status: number, value: unknown, headers?: Record<string, string>): Reply =>
  headers ? { status, json: value, headers } : { status, json: value };

export function writeReply(res: ServerResponse, reply: Reply): void {
  let body: string | undefined;
  let type: string | undefined;
  if (reply.rawJson !== undefined) {
    body = reply.rawJson;
    type = "application/json";
  } else if (reply.json !== undefined) {
    body = stringifyJson(reply.json);
    type = "application/json";
  } else if (reply.text !== undefined) {
    body = reply.text;
    type = "text/plain; charset=utf-8";
  }
  const headers: Record<string, string | number> = { ...reply.headers };
  if (body !== undefined && type !== undefined) {
    headers["Content-Type"] = type;
    headers["Content-Length"] = Buffer.byteLength(body);
  } else if (reply.status !== 204 && reply.status !== 304) {
    headers["Content-Length"] = 0;
  }
  res.writeHead(reply.status, headers);
  res.end(body);
}
