// Shared constants for client tests: a session path, its parameters and a Minecraft-style lobby body
// whose NetherNetId is above 2^53.
export const SESSION_PATH = "/serviceconfigs/{scid}/sessiontemplates/{sessionTemplateName}/sessions/{sessionName}" as const;
export const SCID = "4fc10100-5f7a-4470-899b-280835760c07";
export const sessionParams = (sessionName = "lobby-1") =>
  ({ path: { scid: SCID, sessionTemplateName: "MinecraftLobby", sessionName } }) as const;
export const BIG = 12996504943305946298n;
export const TOKEN = "eyJzZWNyZXQtdG9rZW4tZG8tbm90LWxlYWsi";
export const USER_HASH = "1234567890123456789";
