// Big-integer JSON parsing of ~2 KB and ~10 KB session documents: the client codec (JSON.parse plus
// the unsafe-integer patch; the exact parser for texts it cannot patch) against JSON.parse (lossy).
// Paired rounds: each round times both back to back on this process's CPU time, alternating which goes
// first, and the figure is the median of the per-round time ratios with the lowest and highest.
// Target: an exact parse of a session holding a NetherNetId in <= 1.5x JSON.parse. The libraries the
// codec was measured against (and lossless-json, the tests' reference) follow as plain ops/s.
import JSONbig from "json-bigint";
import { JSONParse as jsonWithBigintParse } from "json-with-bigint";
import { importTs, opsPerSecondSync, printTable, sessionDocument } from "./client-support.mjs";

const { parseJson, stringifyJson } = await importTs("src/shared/json-codec.ts");
const { parseExactJson } = await importTs("src/shared/exact-json.ts");
const { parseJsonLossless } = await importTs("test/support/lossless-reference.ts");
const jsonBigint = JSONbig({ useNativeBigInt: true });
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 41);

const sorted = (xs) => [...xs].sort((a, b) => a - b);
const median = (xs) => sorted(xs)[Math.floor(xs.length / 2)];

/** CPU microseconds per call over `n` calls. */
function block(fn, n) {
  const start = process.cpuUsage();
  for (let i = 0; i < n; i++) fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / n;
}

/** Paired rounds: the time ratio `fn` / `base` per round, median with min and max. */
function paired(base, fn, perRound) {
  block(base, perRound);
  block(fn, perRound);
  const ratios = [];
  for (let r = 0; r < ROUNDS; r++) {
    if (r % 2 === 0) {
      const a = block(base, perRound);
      ratios.push(block(fn, perRound) / a);
    } else {
      const b = block(fn, perRound);
      ratios.push(b / block(base, perRound));
    }
  }
  return { ratio: median(ratios), min: sorted(ratios)[0], max: sorted(ratios).at(-1) };
}

const documents = [
  ["2 KB session with NetherNetId > 2^53", sessionDocument(2048, { bigint: true }), 2000],
  ["10 KB session with NetherNetId > 2^53", sessionDocument(10_240, { bigint: true }), 400],
  ["10 KB session, no unsafe integer (xuids as strings)", sessionDocument(10_240, { bigint: false }), 400],
];
const ratioRows = [];
const libraryRows = [];
for (const [label, text, perRound] of documents) {
  const exact = parseJson(text).properties.custom.SupportedConnections[0].NetherNetId;
  if (label.includes("2^53") && exact !== 12996504943305946298n) throw new Error("codec lost precision");
  const document = `${label} (${text.length} B)`;
  const { ratio, min, max } = paired(() => JSON.parse(text), () => parseJson(text), perRound);
  ratioRows.push({
    document,
    "xbl parseJson time vs JSON.parse": `${ratio.toFixed(2)}x (min ${min.toFixed(2)}, max ${max.toFixed(2)})`,
    "target <= 1.5x": ratio <= 1.5 ? "met" : "missed",
  });
  const libraries = {
    "JSON.parse (lossy)": () => JSON.parse(text),
    "xbl exact parser (the codec's fallback)": () => parseExactJson(text),
    "json-bigint": () => jsonBigint.parse(text),
    "lossless-json (the tests' reference)": () => parseJsonLossless(text),
    "json-with-bigint": () => jsonWithBigintParse(text),
  };
  const ops = Object.fromEntries(Object.keys(libraries).map((name) => [name, []]));
  for (let pass = 0; pass < 5; pass++) {
    for (const [name, fn] of Object.entries(libraries)) ops[name].push(opsPerSecondSync(fn, { iterations: 1000, rounds: 3, warmup: 300 }));
  }
  const base = median(ops["JSON.parse (lossy)"]);
  for (const [name, samples] of Object.entries(ops)) {
    libraryRows.push({ document, parser: name, "ops/s": Math.round(median(samples)), "time vs JSON.parse": `${(base / median(samples)).toFixed(2)}x` });
  }
}
printTable(`Exact parse vs JSON.parse (median of ${ROUNDS} paired rounds, CPU time)`, ratioRows);
printTable("Other parsers on the same documents (median ops/s over interleaved passes)", libraryRows);

const value = parseJson(sessionDocument(10_240, { bigint: true }));
const plain = parseJson(sessionDocument(10_240, { bigint: false }));
const stringifyOps = {
  "JSON.stringify (same document, no bigint)": () => JSON.stringify(plain),
  "xbl stringifyJson (same document, no bigint)": () => stringifyJson(plain),
  "xbl stringifyJson (value with bigint)": () => stringifyJson(value),
  "json-bigint stringify (value with bigint)": () => jsonBigint.stringify(value),
};
printTable(
  "Serializing the same document",
  Object.entries(stringifyOps).map(([name, fn]) => ({ serializer: name, "ops/s": Math.round(opsPerSecondSync(fn, { iterations: 1000, rounds: 5, warmup: 300 })) })),
);
