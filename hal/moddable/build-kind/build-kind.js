/*
 * The XS binding of build-kind.c: "debug" (mcconfig -d), "instrumented" (-i)
 * or "release", decided by the C preprocessor. TypeScript sees it through
 * build-kind.d.ts.
 */
function buildKind() @ "xs_d2d_build_kind";

export default buildKind;
