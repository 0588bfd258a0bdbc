// Browser test of convene's organizer pages (issue 18), in Debian's
// headless Chromium (/usr/bin/chromium) driven by playwright-core.
//
//   CONVENE_URL=http://127.0.0.1:PORT ORGANIZE_TOKEN=cvn_... ADMIN_TOKEN=cvn_... \
//     node tests/browser/organize.mjs
//
// The server holds the FG-MV seed and runs from 1 September 2023
// (tests/browser_organize.rs starts one). A WG5 chair signs in with a wg5
// token, adds an e-meeting that clashes with WG5's 7 Sep 2023 session, sees
// the conflict and the suggested slots, picks one, confirms, and finds the
// meeting on its public page and in the feed at the right UTC time; cancels
// a meeting from the list (the outbox then holds one notice). axe-core on
// every organizer page, no overflow at 375 px; the sign-in page and a
// preview in Arabic (right to left) as well. Screenshots to
// SCREENSHOT_DIR, and the README's to DOCS_DIR when given.
// Prints one line per check and "N passed, N failed".

import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";

import { DESKTOP, PHONE, assert, start } from "./harness.mjs";

// The console errors asked for on purpose.
const { BASE, HOST, SHOTS, browser, check, newContext, open, axe, run } = await start({
  expectedConsoleError: (url, text) => url.endsWith("/organize") && text.includes("401"),
});




const TOKEN = process.env.ORGANIZE_TOKEN || "";
const ADMIN = process.env.ADMIN_TOKEN || "";
const DOCS = process.env.DOCS_DIR ? resolve(process.env.DOCS_DIR) : "";
if (!TOKEN || !ADMIN) {
  console.error("set ORGANIZE_TOKEN (a wg5 token) and ADMIN_TOKEN");
  process.exit(2);
}

async function api(path) {
  const r = await fetch(BASE + path, { headers: { Authorization: `Bearer ${ADMIN}` } });
  return { status: r.status, body: await r.text(), etag: r.headers.get("etag") };
}

async function shoot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  if (DOCS) {
    mkdirSync(DOCS, { recursive: true });
    await page.screenshot({ path: join(DOCS, `${name}.png`), fullPage: true });
  }
}

await run(async () => {
  const desktop = await newContext(browser, DESKTOP);
  const page = await desktop.newPage();
  const phone = await newContext(browser, PHONE, { isMobile: true, hasTouch: true, deviceScaleFactor: 1 });
  const small = await phone.newPage();

  await check("signed out, an organizer page sends to the sign-in form; a wrong token gets a clear message", async () => {
    await page.goto(BASE + "/organize/meetings/new");
    assert(new URL(page.url()).pathname === "/organize", `redirected: ${page.url()}`);
    await axe(page, "/organize (sign-in)");
    await shoot(page, "organize-sign-in");
    await page.getByLabel("API token").fill("cvn_wrong");
    await page.getByRole("button", { name: "Sign in" }).click();
    const alert = await page.locator("#sign-in-error").innerText();
    assert(alert.includes("not valid"), alert);
    await axe(page, "/organize (wrong token)");
  });

  await check("a WG5 chair signs in and sees WG5's meetings, upcoming first", async () => {
    await page.getByLabel("API token").fill(TOKEN);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Organize meetings" }).waitFor();
    const text = await page.locator("main").innerText();
    assert(text.includes("WG5 (Interoperability)"), "scope shown");
    const first = await page.locator(".org-list li strong").first().innerText();
    assert(first.length > 0, "a meeting listed");
    await axe(page, "/organize (list)");
    await shoot(page, "organize-list");
  });

  let slotUtc = "";
  await check("adds an e-meeting that clashes with WG5's 7 Sep session: conflict and free slots shown, nothing stored", async () => {
    const before = await api("/calendars/wg5.ics");
    await page.getByRole("link", { name: "Add a meeting" }).click();
    await page.getByLabel("Title", { exact: true }).fill("WG5 interop sprint");
    await page.getByLabel("Kind", { exact: true }).selectOption("e-meeting");
    await page.getByLabel("Time zone").fill("Geneva");
    await page.getByLabel("Date", { exact: true }).fill("2023-09-07");
    await page.getByLabel("Start", { exact: true }).fill("10:00");
    await page.getByLabel("End", { exact: true }).fill("11:00");
    await page.getByLabel("Remote participation link (remote_url)").fill("https://remote.itu.int/");
    await axe(page, "/organize/meetings/new");
    await shoot(page, "organize-form");
    await page.getByRole("button", { name: "Preview" }).click();
    await page.locator("#preview").waitFor();
    const conflicts = await page.locator("#conflicts").innerText();
    assert(conflicts.includes("WG5 e-meeting"), `conflict: ${conflicts}`);
    assert(await page.locator('#conflicts a[href="/meetings/wg5-2023-09-07"]').count() === 1, "linked");
    const slots = page.locator("#slots li");
    assert(await slots.count() > 0, "slots suggested");
    const night = await page.locator(".org-night").count();
    assert(night > 0, "a night hour is flagged (New York at 04:00)");
    const mails = await page.locator(".org-mail").innerText();
    assert(mails.includes("fgmv-wg5@lists.itu.int") && mails.includes("WG5 interop sprint"), mails);
    await axe(page, "/organize/meetings/new (preview with conflicts)");
    await shoot(page, "organize-preview");
    const after = await api("/calendars/wg5.ics");
    assert(after.etag === before.etag, "the feed did not change");
    const outbox = JSON.parse((await api("/api/v1/outbox")).body);
    assert(outbox.mails.length === 0, `outbox empty: ${outbox.mails.length}`);
    const time = slots.first().locator("time");
    slotUtc = `${await time.getAttribute("datetime")} ${await time.getAttribute("data-end")}`;
  });

  let id = "";
  await check("picks the first free slot, previews it without conflict, confirms: on its page and in the feed at the right UTC time", async () => {
    const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}):00Z \d{4}-\d{2}-\d{2}T(\d{2}:\d{2}):00Z$/.exec(slotUtc);
    assert(m, `slot's UTC: ${slotUtc}`);
    await page.locator("#slots li").first().getByRole("button", { name: /Use/ }).click();
    await page.locator("#no-conflicts").waitFor();
    await axe(page, "/organize/meetings/new (preview, free)");
    await page.getByRole("button", { name: "Confirm and send the mails" }).click();
    await page.waitForURL(/\/meetings\/[a-z0-9-]+$/);
    id = new URL(page.url()).pathname.split("/").pop();
    const text = await page.locator("main").innerText();
    assert(text.includes("WG5 interop sprint"), "public page");
    assert(text.includes(`${m[2]}-${m[3]}`) || text.includes(`${m[2]}\u2013${m[3]}`), `UTC ${m[2]}-${m[3]} on the page`);
    const feed = (await api("/calendars/wg5.ics")).body;
    const stamp = `${m[1].replaceAll("-", "")}T${m[2].replace(":", "")}00Z`;
    const event = feed.split("BEGIN:VEVENT").find((e) => e.includes(`UID:${id}@`));
    assert(event, `event ${id} in the feed`);
    const json = JSON.parse((await api(`/api/v1/meetings/${id}`)).body);
    assert(json.schedule.start_utc === `${m[1]}T${m[2]}:00Z`, `start_utc ${json.schedule.start_utc}`);
    assert(event.includes(stamp) || event.includes("TZID=Europe/Zurich"), `DTSTART in ${event}`);
  });

  await check("edits the new meeting: the form is filled in and previews", async () => {
    await page.goto(`${BASE}/organize/meetings/${id}/edit`);
    assert(await page.getByLabel("Title", { exact: true }).inputValue() === "WG5 interop sprint", "filled in");
    await axe(page, "/organize/meetings/{id}/edit");
  });

  await check("adds a deadline to the new meeting: the form and its preview pass axe-core", async () => {
    await page.goto(BASE + "/organize");
    await page.getByRole("link", { name: `Add a deadline to WG5 interop sprint (${id})` }).click();
    assert(await page.getByLabel("Meeting (its id)").inputValue() === id, "meeting filled in");
    await page.getByLabel("Date", { exact: true }).fill("2023-09-01");
    await axe(page, "/organize/deadlines/new");
    await page.getByRole("button", { name: "Preview" }).click();
    await page.locator("#preview").waitFor();
    await axe(page, "/organize/deadlines/new (preview)");
  });

  await check("cancels a meeting from the list: the preview shows the notice, confirm plans exactly one", async () => {
    const outboxBefore = JSON.parse((await api("/api/v1/outbox")).body).mails.length;
    await page.goto(BASE + "/organize");
    await page.getByRole("link", { name: "Cancel WG5 e-meeting (wg5-2023-09-07)" }).click();
    await page.getByLabel("Why (sent to the lists)").fill("The chair is travelling");
    await axe(page, "/organize/meetings/{id}/cancel");
    await page.getByRole("button", { name: "Preview" }).click();
    await page.locator("#preview").waitFor();
    const mail = await page.locator(".org-mail").innerText();
    assert(mail.includes("The chair is travelling"), mail);
    await axe(page, "/organize/meetings/{id}/cancel (preview)");
    await page.getByRole("button", { name: "Confirm and send the mails" }).click();
    await page.getByRole("heading", { name: "Organize meetings" }).waitFor();
    const item = await page.locator("#m-wg5-2023-09-07").innerText();
    assert(item.includes("cancelled"), item);
    const mails = JSON.parse((await api("/api/v1/outbox")).body).mails;
    assert(mails.length === outboxBefore + 1, `one notice: ${mails.length - outboxBefore}`);
    await axe(page, "/organize (after cancel)");
    await page.getByRole("link", { name: "Reinstate WG5 e-meeting (wg5-2023-09-07)" }).click();
    await axe(page, "/organize/meetings/{id}/reinstate");
  });

  await check("no organizer page is wider than a 375 px phone, and axe-core passes there too", async () => {
    // The live pages at phone width (signed in on the phone too).
    await small.goto(BASE + "/organize");
    await small.getByLabel("API token").fill(TOKEN);
    await small.getByRole("button", { name: "Sign in" }).click();
    await small.getByRole("heading", { name: "Organize meetings" }).waitFor();
    const paths = ["/organize", "/organize/meetings/new", `/organize/meetings/${id}/edit`, `/organize/meetings/${id}/cancel`, `/organize/deadlines/new?meeting=${id}`];
    for (const path of paths) {
      await open(small, path);
      const width = await small.evaluate(() => document.documentElement.scrollWidth);
      assert(width <= PHONE.width, `${path}: ${width} px wide`);
      await axe(small, path);
    }
    // The preview with conflicts, slots and mails at phone width.
    await open(small, "/organize/meetings/new");
    await small.getByLabel("Title", { exact: true }).fill("WG5 phone check");
    await small.getByLabel("Date", { exact: true }).fill("2023-09-08");
    await small.getByLabel("Start", { exact: true }).fill("10:00");
    await small.getByLabel("End", { exact: true }).fill("11:00");
    await small.getByRole("button", { name: "Preview" }).click();
    await small.locator("#preview").waitFor();
    const width = await small.evaluate(() => document.documentElement.scrollWidth);
    assert(width <= PHONE.width, `preview: ${width} px wide`);
    await axe(small, "preview (phone)");
    if (DOCS) await small.screenshot({ path: join(DOCS, "organize-preview-phone.png"), fullPage: false });
  });

  await check("in Arabic (Accept-Language), the sign-in page and a preview run right to left, pass axe-core and fit 375 px", async () => {
    const arabic = await newContext(browser, PHONE, { isMobile: true, hasTouch: true, deviceScaleFactor: 1, locale: "ar" });
    const ar = await arabic.newPage();
    const fits = async (what) => {
      const width = await ar.evaluate(() => document.documentElement.scrollWidth);
      assert(width <= PHONE.width, `${what}: ${width} px wide`);
    };
    await open(ar, "/organize");
    const html = await ar.evaluate(() => [document.documentElement.lang, document.documentElement.dir]);
    assert(html[0] === "ar" && html[1] === "rtl", `html ${html}`);
    await ar.getByRole("heading", { name: "تسجيل دخول المنظمين" }).waitFor();
    await fits("/organize (ar)");
    await axe(ar, "/organize (sign-in, ar)");
    await shoot(ar, "organize-sign-in-ar");
    await ar.getByLabel("رمز الواجهة البرمجية (API)").fill(TOKEN);
    await ar.getByRole("button", { name: "تسجيل الدخول" }).click();
    await ar.getByRole("heading", { name: "تنظيم الاجتماعات" }).waitFor();
    await open(ar, "/organize/meetings/new");
    await ar.getByLabel("العنوان", { exact: true }).fill("WG5 اجتماع إضافي");
    await ar.getByLabel("التاريخ", { exact: true }).fill("2023-09-07");
    await ar.getByLabel("البداية", { exact: true }).fill("10:00");
    await ar.getByLabel("النهاية", { exact: true }).fill("11:00");
    await ar.locator("#meeting-form button[type=submit]").click();
    await ar.locator("#preview").waitFor();
    const heading = await ar.locator("#preview-heading").innerText();
    assert(heading.includes("معاينة"), heading);
    assert(await ar.locator("#conflicts").count() === 1, "the conflict is shown");
    assert(await ar.evaluate(() => document.documentElement.dir) === "rtl", "rtl preview");
    await fits("preview (ar)");
    await axe(ar, "/organize/meetings/new (preview, ar)");
    await shoot(ar, "organize-preview-ar");
    await arabic.close();
  });

  await phone.close();
  await desktop.close();
});
