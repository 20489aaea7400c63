// Copy the browser libraries the pages need from node_modules into volunteer/static/vendor/,
// so they work offline: nothing is fetched from a CDN at run time.
//
// barcode-detector is a BarcodeDetector polyfill on ZXing's WebAssembly build. Its IIFE bundle
// defines the global `BarcodeDetectionAPI`; the .wasm beside it is what the bundle would
// otherwise download from jsDelivr, and scanner.js points the bundle at this copy instead.
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const vendor = join(root, "volunteer", "static", "vendor");
const require = createRequire(join(root, "package.json"));

// Packages export only their entry points: walk up from one to the package's own folder.
function packageDir(name, resolver) {
  let dir = dirname(resolver.resolve(name));
  while (!existsSync(join(dir, "package.json")) ||
         JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).name !== name) {
    dir = dirname(dir);
  }
  return dir;
}

const detectorDir = packageDir("barcode-detector", require);
// The wasm must be the very version the bundle was built against: take barcode-detector's own.
const zxingDir = packageDir("zxing-wasm", createRequire(join(detectorDir, "package.json")));

// Chart.js's UMD bundle defines the global `Chart`; the annotation plugin's UMD build (the
// progress charts' vertical day markers and target lines) registers itself on that global.
const chartDir = packageDir("chart.js", require);
const annotationDir = packageDir("chartjs-plugin-annotation", require);
// axe-core checks every page the browser tests visit (tests/browser.py injects its source); no
// page of the app loads it.
const axeDir = packageDir("axe-core", require);

const files = [
  [join(detectorDir, "dist", "iife", "ponyfill.js"), "barcode-detector.js"],
  [join(zxingDir, "dist", "reader", "zxing_reader.wasm"), "zxing_reader.wasm"],
  [join(detectorDir, "LICENSE"), "barcode-detector.LICENSE"],
  [join(zxingDir, "LICENSE"), "zxing-wasm.LICENSE"],
  [join(chartDir, "dist", "chart.umd.min.js"), "chart.umd.min.js"],
  [join(chartDir, "LICENSE.md"), "chart.js.LICENSE"],
  [join(annotationDir, "dist", "chartjs-plugin-annotation.min.js"), "chartjs-plugin-annotation.min.js"],
  [join(annotationDir, "LICENSE.md"), "chartjs-plugin-annotation.LICENSE"],
  [join(axeDir, "axe.min.js"), "axe.min.js"],
  [join(axeDir, "LICENSE"), "axe-core.LICENSE"],
];

rmSync(vendor, { recursive: true, force: true });
mkdirSync(vendor, { recursive: true });
for (const [from, name] of files) {
  copyFileSync(from, join(vendor, name));
  console.log(`vendor/${name}`);
}
