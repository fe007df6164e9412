/**
 * What `d2d decode` makes of a line read from a gateway's serial port
 * (SPEC.md §12): a frame line `D2D <rssi> <hex>` or bare hex, an answer
 * `OK <seq>` / `ERR <reason>: <detail>`, or, from a debug build, either of
 * those inside xsbug's framing (`<?xs.…?>`, `<xsbug><log>…&#10;</log></xsbug>`).
 * Framing lines and debug log lines that carry neither are skipped; any other
 * line is read as hex, so a bad one is still an error.
 */
export type SerialLine =
  | { kind: "frame"; hex: string; rssi?: number }
  | { kind: "answer"; json: Record<string, unknown> }
  | { kind: "skip" };

const PI = /^<\?xs[.#-]?[0-9A-Fa-f]*\?>/;
const LOG = /^<xsbug><log>([\s\S]*)<\/log><\/xsbug>$/;

function unescapeXml(s: string): string {
  return s.replace(/&#(\d+);|&(lt|gt|amp|quot|apos);/g, (_m, code: string | undefined, name: string | undefined) => {
    if (code !== undefined) return String.fromCharCode(Number(code));
    return { lt: "<", gt: ">", amp: "&", quot: "\"", apos: "'" }[name as "lt"];
  });
}

function gatewayLine(line: string): SerialLine | undefined {
  const frame = /^D2D\s+(-?\d+)\s+([0-9a-fA-F]+)$/.exec(line);
  if (frame) return { kind: "frame", hex: frame[2], rssi: Number(frame[1]) };
  const ok = /^OK (\d+)$/.exec(line);
  if (ok) return { kind: "answer", json: { answer: "OK", seq: Number(ok[1]) } };
  const err = /^ERR ([A-Za-z]+): (.*)$/.exec(line);
  if (err) return { kind: "answer", json: { answer: "ERR", reason: err[1], detail: err[2] } };
  return undefined;
}

export function readSerialLine(input: string): SerialLine {
  let line = input.trim();
  const pi = PI.exec(line);
  if (pi) {
    line = line.slice(pi[0].length).trim();
    if (line === "") return { kind: "skip" };
  }
  if (line.startsWith("<xsbug>")) {
    const log = LOG.exec(line);
    if (!log) return { kind: "skip" };
    return gatewayLine(unescapeXml(log[1]).trim()) ?? { kind: "skip" };
  }
  return gatewayLine(line) ?? { kind: "frame", hex: line };
}
