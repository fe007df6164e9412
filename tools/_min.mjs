import { build } from "esbuild";
const r = await build({ entryPoints: [process.argv[2]], bundle: false, write: false, format: "esm", platform: "neutral", target: "es2022", minify: true, logLevel: "silent" , loader: {".ts":"ts"}});
console.log(r.outputFiles[0].text);
