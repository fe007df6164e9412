/**
 * Where a site's responder gateways stand: on the plan's edge, where
 * responders arrive, 0.5 m inside it.
 *
 * Placements: "entrances": the middle of the west and east sides, then of the
 * south and north sides, then the corners; "one-end": all on the west side,
 * spread over its length; "corners": the four corners, then the sides'
 * middles; "spread": evenly along the perimeter, starting at the middle of the
 * west side.
 */
import type { SiteBuilder } from "./builder";
import type { GatewayPlacement } from "./types";

export function perimeterGateways(b: SiteBuilder, count: number, placement: GatewayPlacement, floor: number): number[] {
  const W = b.plan.width, D = b.plan.depth, e = 0.5;
  const mids: [number, number][] = [[e, D / 2], [W - e, D / 2], [W / 2, e], [W / 2, D - e]];
  const corners: [number, number][] = [[e, e], [W - e, D - e], [W - e, e], [e, D - e]];
  let spots: [number, number][];
  if (placement === "entrances") spots = [...mids, ...corners];
  else if (placement === "corners") spots = [...corners, ...mids];
  else if (placement === "one-end") spots = Array.from({ length: count }, (_, i) => [e, (D * (i + 1)) / (count + 1)]);
  else {
    const per = 2 * (W + D);
    spots = Array.from({ length: count }, (_, i) => along(W, D, (D / 2 + (per * i) / count) % per, e));
  }
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const [x, y] = spots[i % spots.length];
    ids.push(b.beacon("gateway", floor, x, y + (i >= spots.length ? 1 : 0)));
  }
  return ids;
}

/** The point at distance s along the perimeter, going up the west side from its south corner, then east, down, west. */
function along(W: number, D: number, s: number, e: number): [number, number] {
  if (s < D) return [e, s];
  if (s < D + W) return [s - D, D - e];
  if (s < 2 * D + W) return [W - e, D - (s - D - W)];
  return [W - (s - 2 * D - W), e];
}
