// warc-check.mjs - an independent reading of a --warc archive with warcio.js.
//
//   node tests/js/warc-check.mjs FILE.warc.gz RESULTS.json
//
// Parses every record with warcio (any parse error is a problem), prints the
// count of records by type, and checks every WARC reference in RESULTS.json:
// each object anywhere in it that has both "record_id" and "offset" must name
// a response record that starts at exactly that offset (read in sequence and
// again by seeking there, as a CDX-driven reader would), has that
// WARC-Record-ID and an HTTP status that parses. {"record_id": "",
// "offset": -1} means "no record" and is only counted.
//
// Exit 0 when all is well; 1 with one line per problem on stderr; 2 on a
// bad command line.
import fs from "node:fs";
import path from "node:path";
import { WARCParser } from "warcio";

const UUID_ID = /^<urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}>$/i;
const WARC_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/;

const problems = [];
const problem = (line) => problems.push(line.replace(/[\r\n]+/g, " "));

if (process.argv.length !== 4) {
  process.stderr.write(`usage: node ${path.basename(process.argv[1])} FILE.warc.gz RESULTS.json\n`);
  process.exit(2);
}
const [warcPath, resultsPath] = process.argv.slice(2);

// warcio reports a record longer than its Content-Length only through console.warn.
console.warn = (...args) => problem(`${warcPath}: warcio: ${args.join(" ")}`);

function httpStatus(record) {
  const code = record.httpHeaders ? Number(record.httpHeaders.statusCode) : NaN;
  return Number.isInteger(code) && code >= 100 && code <= 599 ? code : null;
}

// Every record in sequence: checks of its own, and what a reference needs, by offset.
async function readSequence() {
  const byOffset = new Map();
  const ids = new Set();
  const counts = new Map();
  const parser = new WARCParser(fs.createReadStream(warcPath));
  let offset = -1;
  let end = 0;    // where the last record's gzip member ended: the next one starts there

  try {
    for await (const record of parser) {
      offset = parser.offset;
      const where = `${warcPath}: record at offset ${offset}`;
      if (offset !== end) problem(`${where}: the previous record ended at ${end}`);
      const type = record.warcType;
      const id = record.warcHeader("WARC-Record-ID");
      const length = record.warcHeader("Content-Length");

      counts.set(type, (counts.get(type) || 0) + 1);
      if (record.warcHeaders.protocol !== "WARC/1.1")
        problem(`${where}: version "${record.warcHeaders.protocol}", not WARC/1.1`);
      if (!type) problem(`${where}: no WARC-Type`);
      if (!id || !UUID_ID.test(id)) problem(`${where}: WARC-Record-ID "${id}" is not a <urn:uuid:...>`);
      else if (ids.has(id)) problem(`${where}: WARC-Record-ID ${id} used twice`);
      ids.add(id);
      if (!WARC_DATE.test(record.warcHeader("WARC-Date") || ""))
        problem(`${where}: WARC-Date "${record.warcHeader("WARC-Date")}" is not a UTC timestamp`);
      if (!/^\d+$/.test(length || "")) problem(`${where}: Content-Length "${length}" is not a number`);

      const payload = await record.readFully(false);
      // The reader of the block stops at Content-Length: anything left unread means the record was cut short.
      // (_reader: the public getter hides it once an empty payload was read)
      const block = record._reader;
      if (block && typeof block.limit === "number" && block.limit > 0)
        problem(`${where}: block ends ${block.limit} bytes before its Content-Length`);
      let status = null;
      if (type === "response") {
        status = httpStatus(record);
        if (status === null) problem(`${where}: the HTTP status line does not parse`);
        const declared = record.httpHeaders ? record.httpHeaders.headers.get("content-length") : null;
        if (declared !== null && Number(declared) !== payload.length)
          problem(`${where}: HTTP Content-Length ${declared} but ${payload.length} payload bytes`);
      } else if (Number(length) !== payload.length) {
        problem(`${where}: Content-Length ${length} but ${payload.length} block bytes`);
      }
      byOffset.set(offset, { id, type, status, uri: record.warcTargetURI });
      // One gzip member per record: the member's compressed size, once its record is read.
      end = offset + parser.recordLength;
    }
  } catch (e) {
    problem(`${warcPath}: parse error after the record at offset ${offset}: ${e.message}`);
  }
  // warcio stops quietly at a cut member or at trailing bytes that are no record.
  const size = fs.statSync(warcPath).size;
  if (end < size) problem(`${warcPath}: bytes ${end} to ${size} are not a whole record`);
  else if (end > size) problem(`${warcPath}: the records claim ${end} bytes, the file has ${size}`);
  return { byOffset, counts };
}

// The record a reader finds when it starts at offset, as replay from a CDX index does.
async function readAt(offset) {
  const stream = fs.createReadStream(warcPath, { start: offset });

  try {
    const record = await WARCParser.parse(stream);
    return record ? { id: record.warcHeader("WARC-Record-ID"), status: httpStatus(record) } : null;
  } finally {
    stream.destroy();
  }
}

// Every {"record_id", "offset"} object in the results, with where it is.
function collectRefs(node, where, out) {
  if (Array.isArray(node)) {
    node.forEach((v, i) => collectRefs(v, `${where}[${i}]`, out));
  } else if (node !== null && typeof node === "object") {
    if (Object.hasOwn(node, "record_id") && Object.hasOwn(node, "offset")) out.push({ where, ref: node });
    for (const [k, v] of Object.entries(node)) collectRefs(v, `${where}.${k}`, out);
  }
  return out;
}

async function checkRef({ where, ref }, byOffset) {
  const { record_id: id, offset } = ref;
  const name = `${resultsPath}: ${where}`;

  if (typeof id !== "string" || !Number.isSafeInteger(offset)) {
    problem(`${name}: record_id must be a string and offset an integer`);
    return;
  }
  const seq = byOffset.get(offset);
  if (!seq) {
    problem(`${name}: no record starts at offset ${offset}`);
    return;
  }
  if (seq.id !== id) problem(`${name}: the record at offset ${offset} is ${seq.id}, not ${id}`);
  if (seq.type !== "response") problem(`${name}: the record at offset ${offset} is a ${seq.type} record`);
  else if (seq.status === null) problem(`${name}: the record at offset ${offset} has no HTTP status`);
  const seek = await readAt(offset).catch((e) => ({ error: e.message }));
  if (!seek || seek.error || seek.id !== id)
    problem(`${name}: reading from offset ${offset} gives ${seek ? seek.error || seek.id : "nothing"}, not ${id}`);
}

async function main() {
  let results;

  try {
    results = JSON.parse(fs.readFileSync(resultsPath, "utf8"));
  } catch (e) {
    problem(`${resultsPath}: ${e.message}`);
  }
  if (!fs.existsSync(warcPath)) problem(`${warcPath}: no such file`);
  if (problems.length) return;
  const magic = Buffer.alloc(2);
  const fd = fs.openSync(warcPath, "r");
  fs.readSync(fd, magic, 0, 2, 0);
  fs.closeSync(fd);
  if (magic[0] !== 0x1f || magic[1] !== 0x8b) {
    problem(`${warcPath}: not gzip: a --warc file is one gzip member per record`);
    return;
  }

  const { byOffset, counts } = await readSequence();
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const byType = [...counts.entries()].sort().map(([t, n]) => `${t} ${n}`).join(", ");
  console.log(`records: ${total} (${byType || "none"})`);
  if (!counts.get("warcinfo")) problem(`${warcPath}: no warcinfo record`);

  const refs = collectRefs(results, "$", []);
  const none = refs.filter(({ ref }) => ref.record_id === "" && ref.offset === -1);
  const real = refs.filter((r) => !none.includes(r));
  for (const r of real) await checkRef(r, byOffset);
  console.log(`references: ${real.length} checked, ${none.length} without a record`);
}

await main();
for (const line of problems) process.stderr.write(`${line}\n`);
process.exit(problems.length ? 1 : 0);
