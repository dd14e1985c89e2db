// Big-integer JSON parsing of ~2 KB and ~10 KB session documents: the client codec (JSON.parse plus
// the unsafe-integer scanner, lossless-json when it cannot place a token) vs JSON.parse (lossy) vs
// json-bigint, plus the raw libraries it was chosen from. Target: an exact parse of a session holding
// a NetherNetId in <= 1.5x JSON.parse.
import JSONbig from "json-bigint";
import { JSONParse as jsonWithBigintParse } from "json-with-bigint";
import { importTs, opsPerSecondSync, printTable, sessionDocument } from "./client-support.mjs";

const { parseJson, parseJsonLossless, stringifyJson } = await importTs("src/shared/json-codec.ts");
const jsonBigint = JSONbig({ useNativeBigInt: true });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function measure(fns) {
  // Interleave: several passes over all contenders, median per contender.
  const samples = Object.fromEntries(Object.keys(fns).map((k) => [k, []]));
  for (let pass = 0; pass < 5; pass++) {
    for (const [name, fn] of Object.entries(fns)) samples[name].push(opsPerSecondSync(fn, { iterations: 1000, rounds: 3, warmup: 300 }));
  }
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
}

const rows = [];
for (const [label, text] of [
  ["2 KB session with NetherNetId > 2^53", sessionDocument(2048, { bigint: true })],
  ["10 KB session with NetherNetId > 2^53", sessionDocument(10_240, { bigint: true })],
  ["10 KB session, no unsafe integer (xuids as strings)", sessionDocument(10_240, { bigint: false })],
]) {
  const exact = parseJson(text).properties.custom.SupportedConnections[0].NetherNetId;
  if (label.includes("2^53") && exact !== 12996504943305946298n) throw new Error("codec lost precision");
  const ops = measure({
    "JSON.parse (lossy)": () => JSON.parse(text),
    "xbl parseJson": () => parseJson(text),
    "json-bigint": () => jsonBigint.parse(text),
    "lossless-json (the codec's fallback)": () => parseJsonLossless(text),
    "json-with-bigint": () => jsonWithBigintParse(text),
  });
  const base = ops["JSON.parse (lossy)"];
  for (const [name, value] of Object.entries(ops)) {
    rows.push({
      document: `${label} (${text.length} B)`,
      parser: name,
      "ops/s": Math.round(value),
      "time vs JSON.parse": `${(base / value).toFixed(2)}x`,
    });
  }
  const xbl = ops["xbl parseJson"];
  rows.push({
    document: `${label} (${text.length} B)`,
    parser: "→ targets",
    "ops/s": "",
    "time vs JSON.parse": `<=1.5x: ${base / xbl <= 1.5 ? "met" : "missed"}; faster than json-bigint: ${xbl > ops["json-bigint"] ? "met" : "missed"}`,
  });
}
printTable("Big-integer parsing (median ops/s over interleaved passes)", rows);

const value = parseJson(sessionDocument(10_240, { bigint: true }));
const plain = parseJson(sessionDocument(10_240, { bigint: false }));
const stringifyOps = measure({
  "JSON.stringify (same document, no bigint)": () => JSON.stringify(plain),
  "xbl stringifyJson (same document, no bigint)": () => stringifyJson(plain),
  "xbl stringifyJson (value with bigint)": () => stringifyJson(value),
  "json-bigint stringify (value with bigint)": () => jsonBigint.stringify(value),
});
printTable(
  "Serializing the same document",
  Object.entries(stringifyOps).map(([name, ops]) => ({ serializer: name, "ops/s": Math.round(ops) })),
);
