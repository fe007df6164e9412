/**
 * RESPONDER_INSTRUCTION (type 8, 8-byte MIC): what responders tell everyone
 * on site. CBOR map: 0 id, 1 action, 2 zone (0 = whole site), 3 via (exit,
 * evacuate only), 4 text. SPEC.md §4.8.
 */
import { checkInt } from "../bytes";
import { CborReader, encodeBodyMap } from "../cbor";
import { badValue, overLimit } from "../errors";
import { MsgType, Priority } from "../frame";
import { utf8Length } from "../utf8";
import type { BodyCodec } from "./codec";

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
    overLimit(`instruction text over ${INSTRUCTION_TEXT_MAX} bytes`);
  }
}

/** An action's code on the air (its index in ACTIONS); badValue for one not there. Phone advertisements carry it too. */
export function actionCode(action: Action): number {
  const code = ACTIONS.indexOf(action);
  if (code < 0) badValue("action must be one of " + ACTIONS.join(", "));
  return code;
}

export const instruction: BodyCodec<InstructionBody> = {
  type: MsgType.instruction,
  name: "instruction",
  priority: Priority.instruction,
  maxBody: 200,
  encode(b) {
    const action = actionCode(b.action);
    const m: (number | string | undefined)[] = [checkInt(b.id, 0, 0xffffffff, "id"), action, checkInt(b.zone, 0, 0xffff, "zone")];
    if (b.via !== undefined) {
      if (b.action !== "evacuate") badValue("via is only for evacuate");
      m[3] = checkInt(b.via, 0, 0xffff, "via");
    }
    if (b.text !== undefined) {
      if (typeof b.text !== "string") badValue("text must be a string");
      checkText(b.text);
      m[4] = b.text;
    }
    return encodeBodyMap(m);
  },
  decode(b, s, e) {
    const r = new CborReader(b, s, e);
    const n = r.mapLength("instruction");
    let id = -1, action = -1, zone = -1, key = -1;
    let via: number | undefined, text: string | undefined;
    for (let i = 0; i < n; i++) {
      key = r.key(key);
      if (key === 0) id = r.uint(0xffffffff, "id");
      else if (key === 1) action = r.uint(ACTIONS.length - 1, "action");
      else if (key === 2) zone = r.uint(0xffff, "zone");
      else if (key === 3) via = r.uint(0xffff, "via");
      else if (key === 4) text = r.text("text", INSTRUCTION_TEXT_MAX);
      else r.skip();
    }
    r.finish("instruction");
    if (id < 0) badValue("missing id (key 0)");
    if (action < 0) badValue("missing action (key 1)");
    if (zone < 0) badValue("missing zone (key 2)");
    if (via !== undefined && action !== 0) badValue("via is only for evacuate");
    const out: InstructionBody = { id, action: ACTIONS[action], zone };
    if (via !== undefined) out.via = via;
    if (text !== undefined) out.text = text;
    return out;
  },
};
