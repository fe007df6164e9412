/**
 * The parameters of a generated site (sim/sites/generate.ts) and the pieces
 * of scenario JSON the generators write. Every parameter but `kind` and
 * `seed` is optional: what is left out is drawn from the seed within the
 * ranges each kind's file states, so `{kind, seed}` alone is a whole site.
 */

export type SiteKind = "mall" | "station" | "tunnel" | "food-court" | "grid" | "office";
export const SITE_KINDS: readonly SiteKind[] = ["mall", "station", "tunnel", "food-court", "grid", "office"];

/** What a wall is made of (sim/sites/radio.ts gives each its loss). */
export type Material = "glass" | "drywall" | "brick" | "concrete" | "metal";

/** Where the responders' gateways stand. */
export type GatewayPlacement = "entrances" | "one-end" | "corners" | "spread";

export interface SosWave { t: number; count: number; repeats?: number; intervalS?: number }

export interface SiteParams {
  kind: SiteKind;
  /** every draw of the generator comes from this seed; it is also the scenario's seed */
  seed: number;
  name?: string;
  /** floors (mall 1–3, station 3, office 2–5, grid 1–2; tunnel and food court: 1) */
  floors?: number;
  /** beacons that are not gateways, about (grid and tunnel: exactly) */
  beacons?: number;
  /** the plan's size, m (derived from the beacon count otherwise) */
  width?: number;
  depth?: number;
  /** beacon spacing as a share of the radio's good-link range (1 = at the edge of range; default per kind) */
  spacing?: number;
  gateways?: number;
  gatewayPlacement?: GatewayPlacement;
  phones?: number;
  durationS?: number;
  censusIntervalS?: number;
  /** SOS waves (default: one wave with the attack, one later) */
  sos?: SosWave[];
  /** at t, a `zoneShare` of the plan (a band across it) loses a `share` of its beacons; `gateway`: one gateway is knocked out too */
  destroy?: { t: number; zoneShare: number; share: number; gateway?: boolean } | null;
  /** at t every beacon of a band `widthM` wide across the site loses power; `healAfterS` later they come back */
  cut?: { t: number; healAfterS: number; widthM: number } | null;
  /** a jammer over a zone from t for durationS */
  jam?: { t: number; durationS: number; powerDbm: number } | null;
  /** random loss of each frame on top of the physics (default 0: loss comes from the radio model) */
  frameLoss?: number;
  /** share of time background 2.4 GHz interference (−85 dBm) is on */
  interference?: number;
  /** small-scale fading of every link (default rician, K 6 dB: sim/sites/radio.ts) */
  fading?: "none" | "rayleigh" | "rician";
  /** responder orders from a gateway */
  orders?: number;
  /** camera images (one camera each) */
  images?: number;
}

export interface WallJson { floor: number; x0: number; y0: number; x1: number; y1: number; material?: Material }
export interface BeaconJson { id: number; role: "relay" | "gateway" | "camera" | "phone-ap"; floor: number; x: number; y: number }
export type EventJson = Record<string, unknown> & { t: number; type: string };

/** The scenario JSON a generator returns (sim/scenarios/README.md), checked by parseScenario. */
export interface ScenarioJson {
  name: string;
  description: string;
  durationS: number;
  seed: number;
  net: number;
  site: { width: number; depth: number; floors: number[]; walls: WallJson[] };
  radio: Record<string, number | string>;
  ble: { txPowerDbm: number; sensitivityDbm: number; detectProbability: number };
  router: Record<string, never>;
  beacons: BeaconJson[];
  phones: { count: number };
  traffic: { censusIntervalS: number; positionIntervalS: number; helloWarmupS: number };
  events: EventJson[];
}
