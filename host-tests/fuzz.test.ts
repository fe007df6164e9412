import test from "ava";
import { fromHex } from "../protocol/bytes";
import { fuzz } from "../tools/lib/fuzz";
import { mac, vectors } from "./support/vectors";

test("mutation fuzz: 120 000 mutated frames end in a result or a typed error, in proportion", (t) => {
  const seeds = [...vectors.frames, ...vectors.errors].map((v) => fromHex(v.hex));
  const phone = vectors.phone.map((v) => fromHex(v.hex));
  const r = fuzz(seeds, phone, 120_000, 0xd2d, mac);
  t.is(r.cases, 120_000);
  t.deepEqual(r.findings, []);
  // The campaign must reach past the MIC into every parser, or it proves little.
  t.true(r.accepted > 1000, `accepted ${r.accepted}`);
  for (const reason of ["truncated", "badMic", "badValue", "unknownType", "unknownVersion", "badCbor", "trailingBytes", "overLimit"]) {
    t.true(r.reasons[reason] > 0, `no case ended in ${reason}`);
  }
  t.log(JSON.stringify({ accepted: r.accepted, maxBlowUp: r.maxBlowUp.toFixed(1), reasons: r.reasons }));
});
