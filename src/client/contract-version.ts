// x-xbl-contract-version is set per operation from the contract (MPSD 107, gameserverms 8); callers
// never pass it. It is added as a header parameter so middleware sees it like any other header.
import type { OperationInfo } from "../contract/operation-types.js";

export const CONTRACT_VERSION_HEADER = "x-xbl-contract-version";

/** `params` for openapi-fetch with the operation's contract version added to `params.header`. */
export function withContractVersion(
  params: { header?: object | undefined } | undefined,
  info: OperationInfo,
): Record<string, unknown> {
  if (info.contractVersion === null) return { ...params };
  return { ...params, header: { ...params?.header, [CONTRACT_VERSION_HEADER]: info.contractVersion } };
}
