// Type tests for the prismarine-auth adapter: a real Authflow fits the structural type the adapter
// declares (so the package's declarations need no prismarine-auth), the result is the clients' `auth`,
// and an object without getXboxToken does not compile.
import prismarineAuth from "prismarine-auth";
import { expectTypeOf } from "vitest";
import { fromAuthflow, xuidOf, type AuthflowLike } from "../../src/adapters/prismarine-auth.js";
import { createXblClient, type XblCredentialsProvider } from "../../src/index.js";
import { createRtaClient } from "../../src/rta/index.js";

const authflow = new prismarineAuth.Authflow("someone@example.test", "./cache", { flow: "live", authTitle: prismarineAuth.Titles.MinecraftNintendoSwitch });

export function typeChecks(): void {
  expectTypeOf(authflow).toMatchTypeOf<AuthflowLike>();
  const auth = fromAuthflow(authflow);
  expectTypeOf(auth).toEqualTypeOf<XblCredentialsProvider>();
  expectTypeOf(xuidOf(authflow)).toEqualTypeOf<Promise<string>>();
  createXblClient({ auth });
  createRtaClient({ auth });
  // @ts-expect-error not an Authflow
  fromAuthflow({ getMsaToken: async () => "token" });
  // @ts-expect-error getXboxToken must resolve with the XSTS token and user hash
  fromAuthflow({ getXboxToken: async () => ({ token: "t" }) });
}
