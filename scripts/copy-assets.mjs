// Copies the front-end files the platform serves from node_modules into fazhi/static/lib.
// They are installed from npm at set-up; nothing here is committed or loaded from a CDN.
import { cpSync, mkdirSync, rmSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";

const dest = "fazhi/static/lib";
const files = {
  "bootstrap/dist/css/bootstrap.min.css": "bootstrap/bootstrap.min.css",
  "bootstrap/dist/js/bootstrap.bundle.min.js": "bootstrap/bootstrap.bundle.min.js",
  "bootstrap-icons/font/bootstrap-icons.min.css": "bootstrap-icons/bootstrap-icons.min.css",
  "bootstrap-icons/font/fonts": "bootstrap-icons/fonts",
  "htmx.org/dist/htmx.min.js": "htmx/htmx.min.js",
  "echarts/dist/echarts.min.js": "echarts/echarts.min.js",
  "tom-select/dist/js/tom-select.complete.min.js": "tom-select/tom-select.complete.min.js",
  "tom-select/dist/css/tom-select.bootstrap5.min.css": "tom-select/tom-select.bootstrap5.min.css",
  "flatpickr/dist/flatpickr.min.js": "flatpickr/flatpickr.min.js",
  "flatpickr/dist/flatpickr.min.css": "flatpickr/flatpickr.min.css",
  "flatpickr/dist/l10n/zh.js": "flatpickr/zh.js",
};
rmSync(dest, { recursive: true, force: true });
for (const [src, to] of Object.entries(files)) {
  const from = join("node_modules", src);
  if (!existsSync(from)) {
    console.error(`缺少前端文件 ${from}：请先运行 npm ci`);
    process.exit(1);
  }
  mkdirSync(dirname(join(dest, to)), { recursive: true });
  cpSync(from, join(dest, to), { recursive: true });
}
console.log(`前端资源已复制到 ${dest}`);
