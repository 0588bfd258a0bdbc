// Browser tests of convene's web pages, in Debian's headless Chromium
// (/usr/bin/chromium) driven by playwright-core: no browser is downloaded.
//
//   CONVENE_URL=http://127.0.0.1:PORT node tests/browser/run.mjs
//
// The server must hold the FG-MV seed plus the test meeting
// "xss-2023-09-15" (tests/browser.rs starts one). Screenshots go to
// SCREENSHOT_DIR (default target/browser-screenshots). Prints one line per
// check and "N passed, N failed"; exits non-zero on any failure.
// Bounded: every step has a timeout and the whole run stops after
// BROWSER_TEST_TIMEOUT_MS (default 150 s). Pages may load nothing from
// outside the server: any other request fails the run.

import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";

import { DESKTOP, PHONE, assert, start } from "./harness.mjs";

// The console errors asked for on purpose.
const { BASE, HOST, SHOTS, browser, check, newContext, open, axe, run } = await start({
  expectedConsoleError: (url, text) => url.includes("/no-such-") && text.includes("404"),
});

// Every page the site has, in the states worth checking.
const PAGES = [
  "/",
  "/?from=2023-09-01",
  "/groups/wg5",
  "/groups/wg5?from=2023-09-01",
  "/groups/wg1?subgroups=true&from=2023-08-01",
  "/groups/wg9",
  "/meetings/wg5-2023-09-07",
  "/meetings/wg9-2023-07-window",
  "/meetings/fgmv-2",
  "/meetings/wg8-2023-09-20",
  "/meetings/xss-2023-09-15",
  "/meetings/wg5-2023-09-07/history",
  "/meetings/xss-2023-09-15/history",
  "/groups/wg5/history",
  "/groups/wg1/history?subgroups=true",
  "/schedule",
  "/schedule?from=2023-09-01&to=2023-09-30",
  "/schedule?group=wg3&group=wg5&from=2023-09-01",
  "/groups/no-such-group",
];


await run(async () => {
  const desktop = await newContext(browser, DESKTOP);
  const page = await desktop.newPage();

  await check("a newcomer finds WG5 from the home page and sees its 7-8 Sep meeting in New York time", async () => {
    await open(page, "/");
    await page.getByRole("link", { name: "WG5 Interoperability" }).click();
    await page.waitForURL(/\/groups\/wg5$/);
    // The seed is from 2023: the group page says nothing is upcoming and
    // lists the past meetings, each in Geneva time, UTC and the viewer's time.
    const item = page.locator("li.meeting", { has: page.locator('h3 a[href="/meetings/wg5-2023-09-07"]') });
    const sessions = item.locator(".sessions li");
    await sessions.first().waitFor();
    const first = await sessions.nth(0).innerText();
    const second = await sessions.nth(1).innerText();
    assert(first.includes("Thu, 7 Sept 2023, 09:00-12:00 Geneva time"), `own zone: ${first}`);
    assert(first.includes("07:00-10:00 UTC"), `UTC: ${first}`);
    assert(/your time: Thu,? 7 Sept?,? 03:00-06:00 \(America\/New_York\)/.test(first), `viewer's time: ${first}`);
    assert(/your time: Fri,? 8 Sept?,? 03:00-06:00/.test(second), `viewer's time, day 2: ${second}`);
    await item.locator("h3 a").click();
    await page.waitForURL(/\/meetings\/wg5-2023-09-07$/);
    const row = page.locator("tbody tr", { has: page.locator("th", { hasText: "Thu, 7 Sept 2023" }) });
    const cells = await row.locator("td").allInnerTexts();
    assert(cells[0] === "09:00-12:00", `Geneva cell: ${cells[0]}`);
    assert(cells[1] === "07:00-10:00", `UTC cell: ${cells[1]}`);
    assert(/^03:00-06:00\s+Thu,? 7 Sept?$/.test(cells[2]), `local cell: ${cells[2]}`);
    const head = await page.locator("thead th").nth(3).innerText();
    assert(head.includes("America/New_York"), `the viewer's zone is named: ${head}`);
    const footer = await page.locator("footer").innerText();
    assert(footer.includes("America/New_York"), `footer names the zone: ${footer}`);
  });

  await check("subscribing to WG5 is one click: webcal, Google and Outlook links carry the feed URL", async () => {
    await open(page, "/groups/wg5");
    const feed = `${BASE}/calendars/wg5.ics`;
    const webcal = `webcal://${HOST}/calendars/wg5.ics`;
    const box = page.locator(".subscribe").first();
    const subscribe = await box.getByRole("link", { name: /^Subscribe/ }).getAttribute("href");
    assert(subscribe === webcal, `webcal link: ${subscribe}`);
    const google = new URL(await box.getByRole("link", { name: /Google Calendar/ }).getAttribute("href"));
    assert(google.origin + google.pathname === "https://calendar.google.com/calendar/render", `Google: ${google}`);
    assert(google.searchParams.get("cid") === webcal, `Google cid: ${google.searchParams.get("cid")}`);
    for (const [name, host] of [[/Outlook\.com/, "outlook.live.com"], [/Microsoft 365/, "outlook.office.com"]]) {
      const u = new URL(await box.getByRole("link", { name }).getAttribute("href"));
      assert(u.host === host && u.pathname === "/calendar/0/addfromweb", `Outlook: ${u}`);
      assert(u.searchParams.get("url") === feed, `Outlook url: ${u.searchParams.get("url")}`);
      assert(u.searchParams.get("name") === "WG5 - Interoperability", `Outlook name: ${u.searchParams.get("name")}`);
    }
    const input = box.getByRole("textbox", { name: /Calendar URL/ });
    assert((await input.inputValue()) === feed, "the URL field holds the https feed");
    // The feed behind the links is WG5's calendar.
    const r = await page.request.get(feed);
    assert(r.status() === 200, `feed status ${r.status()}`);
    assert((r.headers()["content-type"] || "").startsWith("text/calendar"), "feed content type");
    const ics = await r.text();
    assert(ics.includes("UID:wg5-2023-09-07@") && ics.includes("X-WR-CALNAME:WG5 - Interoperability"), "feed content");
    // The copy button appears with the script and says what it did.
    const copy = box.getByRole("button", { name: /^Copy/ });
    assert(await copy.isVisible(), "copy button shown");
    await copy.click();
    await page.waitForFunction(() => document.querySelector(".subscribe .copied").textContent.length > 0);
  });

  await check("the combined feed of the schedule's selection is built from the public URL", async () => {
    await open(page, "/schedule?group=wg3&group=wg5&from=2023-09-01");
    const href = await page.locator(".subscribe a.button.primary").first().getAttribute("href");
    assert(href === `webcal://${HOST}/calendars.ics?groups=wg3,wg5`, `combined: ${href}`);
    const line = page.locator("ol.programme li", { hasText: "7-8 September 2023, 09:00-12:00 hours, Geneva time, e-meeting, WG5" });
    assert((await line.count()) === 1, "the secretariat's line");
    const text = await line.innerText();
    assert(/Thu, 7 Sept.*07:00-10:00 UTC your time: Thu,? 7 Sept?,? 03:00-06:00/s.test(text), `line times: ${text}`);
  });

  await check("a meeting's text is shown as text, never run", async () => {
    await open(page, "/meetings/xss-2023-09-15");
    const h1 = await page.locator("h1").innerText();
    assert(h1 === "<script>alert(1)</script> & <b>bold</b>", `title: ${h1}`);
    const scripts = await page.evaluate(() => Array.from(document.scripts).map((s) => s.getAttribute("src")));
    assert(scripts.length === 2 && scripts.every((s) => s && s.startsWith("/static/")), `scripts: ${scripts}`);
    assert((await page.locator("main img, main iframe, main b").count()) === 0, "no injected elements");
    const about = await page.locator(".description").innerText();
    assert(about.includes('<img src=x onerror="alert(2)">'), `description: ${about}`);
  });

  await check("without JavaScript every page still shows each time in its zone and in UTC", async () => {
    const plain = await newContext(browser, DESKTOP, { javaScriptEnabled: false });
    const p = await plain.newPage();
    await open(p, "/meetings/wg5-2023-09-07");
    const cells = await p.locator("tbody tr").first().locator("td").allInnerTexts();
    assert(cells[0] === "09:00-12:00" && cells[1] === "07:00-10:00", `cells: ${cells}`);
    assert(!(await p.locator("thead th").nth(3).isVisible()), "no empty 'your time' column");
    assert(!(await p.getByRole("button", { name: /^Copy/ }).first().isVisible()), "no dead copy button");
    await plain.close();
  });

  await check("axe-core finds no serious or critical violation on any page (desktop)", async () => {
    const errors = [];
    for (const path of PAGES) {
      await open(page, path, path.includes("no-such") ? 404 : 200);
      // Open every disclosure so hidden subscribe blocks are checked too.
      await page.evaluate(() => document.querySelectorAll("details").forEach((d) => (d.open = true)));
      try {
        await axe(page, path);
      } catch (e) {
        errors.push(e.message);
      }
    }
    assert(errors.length === 0, errors.join("\n"));
  });

  const phone = await newContext(browser, PHONE, { isMobile: true, hasTouch: true, deviceScaleFactor: 1 });
  const small = await phone.newPage();

  await check("axe-core passes on a phone too, and no page is wider than the phone", async () => {
    const errors = [];
    for (const path of PAGES) {
      await open(small, path, path.includes("no-such") ? 404 : 200);
      const width = await small.evaluate(() => document.documentElement.scrollWidth);
      if (width > PHONE.width) errors.push(`${path}: ${width} px wide`);
      try {
        await axe(small, path);
      } catch (e) {
        errors.push(e.message);
      }
    }
    assert(errors.length === 0, errors.join("\n"));
  });

  await check("screenshots of home, a group and a meeting at phone and desktop widths", async () => {
    mkdirSync(SHOTS, { recursive: true });
    const shots = [
      ["home", "/?from=2023-09-01"],
      ["group-wg5", "/groups/wg5?from=2023-09-01"],
      ["meeting-wg5-2023-09-07", "/meetings/wg5-2023-09-07"],
    ];
    for (const [name, path] of shots) {
      await open(page, path);
      await page.screenshot({ path: join(SHOTS, `${name}-desktop.png`), fullPage: true });
      await open(small, path);
      await small.screenshot({ path: join(SHOTS, `${name}-phone.png`), fullPage: true });
    }
    console.log(`   screenshots in ${SHOTS}`);
  });

  // Issue 19: the six languages of the UN, Arabic right to left.
  const LANGS = [
    ["ar", "rtl", "7-8 سبتمبر 2023"],
    ["zh", "ltr", "2023年9月7日至8日"],
    ["en", "ltr", "7-8 September 2023"],
    ["fr", "ltr", "7-8 septembre 2023"],
    ["ru", "ltr", "7–8 сентября 2023\u202fг."],
    ["es", "ltr", "7 a 8 de septiembre de 2023"],
  ];
  const bare = (s) => s.replace(/[\u2066-\u2069]/g, "");

  await check("home, a group and a meeting in each of the six languages: lang, dir, a known date, axe", async () => {
    const errors = [];
    for (const [lang, dir, date] of LANGS) {
      for (const path of ["/?from=2023-09-01", "/groups/wg5?from=2023-09-01", "/meetings/wg5-2023-09-07"]) {
        const url = `${path}${path.includes("?") ? "&" : "?"}lang=${lang}`;
        await open(page, url);
        const got = await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]);
        if (got[0] !== lang || got[1] !== dir) errors.push(`${url}: <html lang=${got[0]} dir=${got[1]}>`);
        if (path.startsWith("/meetings/")) {
          const when = bare(await page.locator("dl.facts dd").nth(1).innerText());
          if (!when.includes(date)) errors.push(`${url}: "${date}" not in "${when}"`);
          // The viewer's time is written in the page's language too.
          const cell = await page.locator("td.local").first().innerText();
          if (!/03:00-06:00/.test(cell)) errors.push(`${url}: local cell ${cell}`);
        }
        const footer = await page.locator("footer").innerText();
        if (!footer.includes("America/New_York")) errors.push(`${url}: the viewer's zone is not named`);
        await page.evaluate(() => document.querySelectorAll("details").forEach((d) => (d.open = true)));
        try {
          await axe(page, url);
        } catch (e) {
          errors.push(e.message);
        }
      }
    }
    assert(errors.length === 0, errors.join("\n"));
  });

  await check("Arabic is mirrored: the brand on the right, the menu on the left", async () => {
    await open(page, "/groups/wg5?from=2023-09-01&lang=ar");
    const brand = await page.locator("a.brand").boundingBox();
    const langs = await page.locator("nav.langs").boundingBox();
    assert(brand.x > DESKTOP.width / 2, `brand at x=${brand.x}`);
    assert(langs.x < brand.x, `menu at x=${langs.x}, brand at ${brand.x}`);
    const align = await page.evaluate(() => getComputedStyle(document.querySelector("main")).direction);
    assert(align === "rtl", `direction ${align}`);
  });

  await check("the language menu keeps the choice in a cookie across pages", async () => {
    const ctx = await newContext(browser, DESKTOP);
    const p = await ctx.newPage();
    await open(p, "/groups/wg5");
    await p.locator("nav.langs a[hreflang=fr]").click();
    await p.waitForURL(/\/groups\/wg5$/);
    assert((await p.evaluate(() => document.documentElement.lang)) === "fr", "French after the menu");
    await p.locator("header nav a[href='/schedule']").click();
    await p.waitForURL(/\/schedule$/);
    assert((await p.evaluate(() => document.documentElement.lang)) === "fr", "still French on the next page");
    assert((await p.locator("h1").innerText()) === "Calendrier", "the schedule in French");
    await ctx.close();
  });

  await check("screenshots of the Arabic and Chinese group pages", async () => {
    mkdirSync(SHOTS, { recursive: true });
    const dirs = [SHOTS];
    if (process.env.DOCS_DIR) dirs.push(resolve(process.env.DOCS_DIR));
    for (const lang of ["ar", "zh"]) {
      await open(page, `/groups/wg5?from=2023-09-01&lang=${lang}`);
      for (const d of dirs) await page.screenshot({ path: join(d, `group-${lang}.png`), fullPage: false });
    }
  });

  await phone.close();
  await desktop.close();
});
