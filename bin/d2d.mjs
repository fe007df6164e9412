#!/usr/bin/env node
// The d2d command: loads the TypeScript CLI through tsx, so it always runs the current sources.
import { register } from "tsx/esm/api";

register();
await import("../tools/d2d.ts");
