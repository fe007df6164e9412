/** The native build-kind module (hal/moddable/build-kind/build-kind.c, bound in build-kind.js). */
declare module "build-kind" {
  /** How this firmware was built: mcconfig -d (debug, xsbug owns the serial port), -i (instrumented) or neither (release). */
  export default function buildKind(): "debug" | "instrumented" | "release";
}
