import { build } from "esbuild";
const r = await build({ entryPoints: [process.argv[2] + "/main.ts"], bundle: true, write: false, format: "esm", platform: "neutral", target: "es2022", minify: true, logLevel: "silent", packages: "external" });
console.log(r.outputFiles[0].contents.length);
