// x-xbl-contract-version is set per operation from the contract (MPSD 107, gameserverms 8); callers
// never pass it. On the openapi-fetch path it is added as a header parameter so middleware sees it
// like any other header.
import type { OperationInfo } from "../contract/operation-types.js";

export const CONTRACT_VERSION_HEADER = "x-xbl-contract-version";

/** `params` for openapi-fetch with the operation's contract version added to `params.header`. */
export function withContractVersion(params: { header?: object | null | undefined } | undefined, info: OperationInfo): Record<string, unknown> {
  if (info.contractVersion === null) return Object.assign({}, params);
  const header: Record<string, unknown> = Object.assign({}, params?.header) as Record<string, unknown>;
  header[CONTRACT_VERSION_HEADER] = info.contractVersion;
  return Object.assign({}, params, { header });
}
