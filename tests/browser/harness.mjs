// What both browser scripts (run.mjs: the public pages; organize.mjs: the
// organizer pages) share: Debian's headless Chromium launched by
// playwright-core (no browser is downloaded), contexts that may load
// nothing from outside the server, checks that print one line each,
// axe-core, and the run's watchdog and summary.
//
// Environment: CONVENE_URL (required), CHROMIUM (/usr/bin/chromium),
// SCREENSHOT_DIR (target/browser-screenshots), BROWSER_TEST_TIMEOUT_MS
// (150 s): the whole run stops after it.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export const PHONE = { width: 375, height: 812 };
export const DESKTOP = { width: 1280, height: 900 };
const STEP_MS = 15000;

export function assert(cond, message) {
  if (!cond) throw new Error(message);
}

/**
 * Starts a run: the watchdog, the browser, and the helpers bound to the
 * server. `expectedConsoleError(url, text)` names the console errors a
 * script asks for on purpose (a 404 page, a refused token).
 */
export async function start({ expectedConsoleError = () => false } = {}) {
  const BASE = (process.env.CONVENE_URL || "").replace(/\/$/, "");
  if (!BASE) {
    console.error("set CONVENE_URL to a running convene with the FG-MV seed");
    process.exit(2);
  }
  const ORIGIN = new URL(BASE).origin;
  const HOST = new URL(BASE).host;
  const SHOTS = resolve(process.env.SCREENSHOT_DIR || join(here, "..", "..", "target", "browser-screenshots"));
  const TOTAL_MS = Number(process.env.BROWSER_TEST_TIMEOUT_MS || 150000);
  const watchdog = setTimeout(() => {
    console.error(`browser tests: still running after ${TOTAL_MS} ms, giving up`);
    process.exit(1);
  }, TOTAL_MS);

  let passed = 0;
  let failed = 0;
  const problems = []; // requests to elsewhere, script errors, CSP violations, dialogs

  async function check(name, fn) {
    const t0 = Date.now();
    try {
      await fn();
      passed++;
      console.log(`ok - ${name} (${Date.now() - t0} ms)`);
    } catch (e) {
      failed++;
      console.log(`FAILED - ${name}: ${e && e.message ? e.message : e}`);
    }
  }

  function watch(page) {
    page.on("console", (msg) => {
      if (msg.type() === "error" && !expectedConsoleError(page.url(), msg.text())) {
        problems.push(`console error on ${page.url()}: ${msg.text()}`);
      }
    });
    page.on("pageerror", (err) => problems.push(`script error on ${page.url()}: ${err.message}`));
    page.on("dialog", (d) => {
      problems.push(`a dialog opened on ${page.url()}: ${d.message()}`);
      d.dismiss().catch(() => {});
    });
  }

  /** A context like a viewer in New York. */
  async function newContext(browser, viewport, extra = {}) {
    const context = await browser.newContext({
      viewport,
      timezoneId: "America/New_York",
      locale: "en-US",
      serviceWorkers: "block",
      ...extra,
    });
    context.setDefaultTimeout(STEP_MS);
    context.setDefaultNavigationTimeout(STEP_MS);
    // Nothing but the server itself: any other request is a failure.
    await context.route("**/*", (route) => {
      const url = route.request().url();
      let origin = "";
      try {
        origin = new URL(url).origin;
      } catch (e) {
        origin = "";
      }
      if (origin === ORIGIN) return route.continue();
      problems.push(`request to elsewhere: ${url}`);
      return route.abort();
    });
    context.on("page", (page) => watch(page));
    return context;
  }

  async function open(page, path, status = 200) {
    const response = await page.goto(BASE + path, { waitUntil: "load" });
    assert(response, `no response for ${path}`);
    assert(response.status() === status, `${path}: status ${response.status()}, expected ${status}`);
    return response;
  }

  /** axe-core on the page: no serious or critical violation. */
  async function axe(page, path) {
    const has = await page.evaluate(() => typeof window.axe !== "undefined");
    if (!has) await page.evaluate(axeSource);
    const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
    const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    assert(
      bad.length === 0,
      `${path}: ` +
        bad
          .map((v) => `${v.impact} ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join("; ")}`)
          .join(" | "),
    );
  }

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    timeout: 30000,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-dev-shm-usage",
    ],
  });

  /** Runs the script's checks, then the clean-run check, then exits. */
  async function run(body) {
    try {
      await body();
      await check("no page loaded anything from elsewhere, raised a script error, broke the CSP or opened a dialog", async () => {
        assert(problems.length === 0, problems.join("\n"));
      });
    } catch (e) {
      failed++;
      console.log(`FAILED - browser run: ${e && e.stack ? e.stack : e}`);
    } finally {
      await browser.close().catch(() => {});
      clearTimeout(watchdog);
    }
    console.log(`${passed} passed, ${failed} failed`);
    process.exit(failed === 0 ? 0 : 1);
  }

  return { BASE, ORIGIN, HOST, SHOTS, browser, check, newContext, open, axe, run };
}
