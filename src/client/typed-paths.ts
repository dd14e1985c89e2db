// The generated `paths` with the x-xbl-contract-version header parameter removed: the spec declares it
// REQUIRED on every operation, but the client sets it from the contract, so callers must not be asked
// for it. When no required header is left, `params.header` becomes optional (or disappears).
import type { paths } from "../../generated/schema.js";

export type ContractVersionHeader = "x-xbl-contract-version";

type RequiredKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];

type WithoutContractHeader<H> = Omit<H, ContractVersionHeader>;

type FixHeader<P> = P extends { header: infer H }
  ? keyof WithoutContractHeader<H> extends never
    ? Omit<P, "header"> & { header?: never }
    : RequiredKeys<WithoutContractHeader<H>> extends never
      ? Omit<P, "header"> & { header?: WithoutContractHeader<H> }
      : Omit<P, "header"> & { header: WithoutContractHeader<H> }
  : P;

type FixOperation<Op> = Op extends { parameters: infer P } ? Omit<Op, "parameters"> & { parameters: FixHeader<P> } : Op;

type FixPathItem<Item> = { [M in keyof Item]: M extends "parameters" ? Item[M] : FixOperation<Item[M]> };

/**
 * The official SDK's spelling of a path (`sessionTemplates`). The service matches path segments
 * case-insensitively, so a path copied from SDK code is the same operation and must type-check.
 */
type SdkSpelling<P> = P extends `${infer Head}/sessiontemplates/${infer Tail}`
  ? `${Head}/sessionTemplates/${Tail}`
  : P extends `${infer Head}/sessiontemplates`
    ? `${Head}/sessionTemplates`
    : never;

type ContractPaths = { [P in keyof paths]: FixPathItem<paths[P]> };

/** `paths` as callers of the client see them: no contract-version header to pass; SDK spellings too. */
export type XblPaths = ContractPaths & { [P in keyof paths as SdkSpelling<P>]: ContractPaths[P] };
