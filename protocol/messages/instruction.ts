/**
 * RESPONDER_INSTRUCTION (type 8, 8-byte MIC): what responders tell everyone
 * on site. CBOR map: 0 id, 1 action, 2 zone (0 = whole site), 3 via (exit,
 * evacuate only), 4 text. SPEC.md §4.8.
 */
import { checkInt } from "../bytes";
import { cborEncode, type CborMap } from "../cbor";
import { fail } from "../errors";
import { MsgType, Priority } from "../frame";
import { utf8Length } from "../utf8";
import type { BodyCodec } from "./codec";
import { readMapBody, textField, uintField } from "./cbor-fields";

export const ACTIONS = ["evacuate", "shelter-in-place", "all-clear"] as const;
export type Action = (typeof ACTIONS)[number];
export const INSTRUCTION_TEXT_MAX = 160;

export interface InstructionBody {
  /** responders' instruction number: a later id replaces an earlier one for the zone */
  id: number;
  action: Action;
  /** zone id from the site plan, 0 = the whole site */
  zone: number;
  /** exit id to evacuate through (evacuate only) */
  via?: number;
  text?: string;
}

function checkText(t: string | undefined): void {
  if (t !== undefined && utf8Length(t) > INSTRUCTION_TEXT_MAX) {
    fail("overLimit", `instruction text over ${INSTRUCTION_TEXT_MAX} bytes`);
  }
}

export const instruction: BodyCodec<InstructionBody> = {
  type: MsgType.instruction,
  name: "instruction",
  priority: Priority.instruction,
  maxBody: 200,
  encode(b) {
    const action = ACTIONS.indexOf(b.action);
    if (action < 0) fail("badValue", "action must be one of " + ACTIONS.join(", "));
    const m: CborMap = new Map();
    m.set(0, checkInt(b.id, 0, 0xffffffff, "id"));
    m.set(1, action);
    m.set(2, checkInt(b.zone, 0, 0xffff, "zone"));
    if (b.via !== undefined) {
      if (b.action !== "evacuate") fail("badValue", "via is only for evacuate");
      m.set(3, checkInt(b.via, 0, 0xffff, "via"));
    }
    if (b.text !== undefined) {
      if (typeof b.text !== "string") fail("badValue", "text must be a string");
      checkText(b.text);
      m.set(4, b.text);
    }
    return cborEncode(m, 200);
  },
  decode(b, s, e) {
    const m = readMapBody(b, s, e, "instruction");
    const id = uintField(m, 0, 0xffffffff, "id");
    const action = ACTIONS[uintField(m, 1, ACTIONS.length - 1, "action")];
    const zone = uintField(m, 2, 0xffff, "zone");
    const via = uintField(m, 3, 0xffff, "via", true);
    const text = textField(m, 4, "text");
    if (via !== undefined && action !== "evacuate") fail("badValue", "via is only for evacuate");
    checkText(text);
    const out: InstructionBody = { id, action, zone };
    if (via !== undefined) out.via = via;
    if (text !== undefined) out.text = text;
    return out;
  },
};
