/** Loads the spec's vectors for tests. */
import { readFileSync } from "node:fs";
import { VECTORS_PATH, type VectorFile } from "../../tools/lib/vectors";
import { fromHex } from "../../protocol/bytes";
import { nodeMac } from "../../tools/lib/node-mac";

export const vectors: VectorFile = JSON.parse(readFileSync(VECTORS_PATH, "utf8"));
export const mac = nodeMac(fromHex(vectors.key));
