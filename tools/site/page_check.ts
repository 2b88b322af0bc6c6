/**
 * Opens rendered pages in headless Chromium and reports what a reader would
 * see: how many plotly figures drew, which images loaded, and every page
 * error (uncaught exceptions, console errors, failed loads). Takes a
 * full-page screenshot of each.
 *
 * @example
 * ```ts
 * const [r] = await checkPages([{ path: "site/02_lenet.html", screenshot: "build/screenshots/02_lenet.png" }]);
 * if (r.errors.length || r.plotsDrawn !== r.plotContainers) throw new Error(formatReport(r));
 * ```
 *
 * @module
 */

import { dirname, resolve } from "node:path";
import { Browser } from "./cdp.ts";

/** A page to open. */
export interface PageCheck {
  /** HTML file on disk. */
  path: string;
  /**
   * Open this http://127.0.0.1 URL instead of `path` (which then only names
   * the page in reports); the network stays on, for the loopback server.
   */
  url?: string;
  /** Where to write a full-page PNG screenshot (optional). */
  screenshot?: string;
  /** Wait until this many plotly figures drew (default: every figure container). */
  expectedPlots?: number;
  /** How long to wait for the figures of this page (default: `checkPages`'s). */
  timeoutMs?: number;
}

/** Least time a page gets to load, however short its figure wait: a busy machine is slow to start Chromium's renderer. */
const MIN_LOAD_TIMEOUT_MS = 30_000;

/** What the browser saw on one page. */
export interface PageReport {
  path: string;
  /** Plotly graph divs (`.js-plotly-plot`) plus course figure containers. */
  plotContainers: number;
  /** Figures that contain a drawn `.main-svg`. */
  plotsDrawn: number;
  /** `<img>` elements that loaded with a non-zero size. */
  imagesLoaded: number;
  /** `<img>` elements that failed to load. */
  imagesBroken: number;
  /** Titles of the drawn plotly figures that show a heatmap image (pictures such as `plots.imshow`). */
  pictureTitles: string[];
  /** Exceptions, console errors and failed loads, in order. */
  errors: string[];
  /** The page title. */
  title: string;
  screenshot?: string;
}

// Evaluated in the page: counts figures and images.
const PROBE = `(() => {
  const figs = new Set([
    ...document.querySelectorAll(".js-plotly-plot"),
    ...document.querySelectorAll(".cnn-plotly-figure"),
  ]);
  const drawnFigs = [...figs].filter((f) => f.querySelector(".main-svg"));
  const drawn = drawnFigs.length;
  const imgs = [...document.images];
  const pictureTitles = drawnFigs
    .filter((f) => f.querySelector(".hm image"))
    .map((f) => f.querySelector(".gtitle")?.textContent ?? "");
  return JSON.stringify({
    ready: document.readyState,
    figures: figs.size,
    drawn,
    loaded: imgs.filter((i) => i.complete && i.naturalWidth > 0).length,
    broken: imgs.filter((i) => i.complete && i.naturalWidth === 0).length,
    pictureTitles,
    title: document.title,
  });
})()`;

interface Probe {
  ready: string;
  figures: number;
  drawn: number;
  loaded: number;
  broken: number;
  pictureTitles: string[];
  title: string;
}

/**
 * Opens each page in one headless Chromium (fresh profile, network off) and
 * waits up to `timeoutMs` per page for its figures to draw.
 */
export async function checkPages(
  pages: PageCheck[],
  options: { timeoutMs?: number } = {},
): Promise<PageReport[]> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const browser = await Browser.launch();
  try {
    const reports: PageReport[] = [];
    for (const page of pages) {
      reports.push(
        await checkPage(browser, page, page.timeoutMs ?? timeoutMs),
      );
    }
    return reports;
  } finally {
    await browser.close();
  }
}

async function checkPage(
  browser: Browser,
  page: PageCheck,
  timeoutMs: number,
): Promise<PageReport> {
  const session = await browser.newPage();
  const errors: string[] = [];
  const mine = (sid?: string) => sid === session;
  const stops = [
    browser.on("Runtime.exceptionThrown", (p, sid) => {
      if (!mine(sid)) return;
      const d = p.exceptionDetails as {
        text?: string;
        exception?: { description?: string };
      };
      errors.push(
        `exception: ${d.exception?.description ?? d.text ?? "unknown"}`,
      );
    }),
    browser.on("Runtime.consoleAPICalled", (p, sid) => {
      if (!mine(sid) || p.type !== "error") return;
      const args = (p.args as { value?: unknown; description?: string }[])
        .map((a) => a.description ?? String(a.value)).join(" ");
      errors.push(`console.error: ${args}`);
    }),
    browser.on("Log.entryAdded", (p, sid) => {
      const e = p.entry as { level: string; text: string; url?: string };
      if (mine(sid) && e.level === "error") {
        errors.push(`${e.text}${e.url ? ` (${e.url})` : ""}`);
      }
    }),
  ];
  try {
    await browser.send("Runtime.enable", {}, session);
    await browser.send("Log.enable", {}, session);
    await browser.send("Page.enable", {}, session);
    await browser.send("Network.enable", {}, session);
    // The site must work offline: anything fetched from the network fails.
    if (!page.url) {
      await browser.send("Network.emulateNetworkConditions", {
        offline: true,
        latency: 0,
        downloadThroughput: -1,
        uploadThroughput: -1,
      }, session);
    } else if (!/^http:\/\/127\.0\.0\.1[:/]/.test(page.url)) {
      throw new Error(
        `page_check opens only http://127.0.0.1 URLs, not ${page.url}`,
      );
    }
    await browser.send("Emulation.setDeviceMetricsOverride", {
      width: 1280,
      height: 900,
      deviceScaleFactor: 1,
      mobile: false,
    }, session);
    const loaded = new Promise<void>((r) => {
      const stop = browser.on("Page.loadEventFired", (_p, sid) => {
        if (mine(sid)) {
          stop();
          r();
        }
      });
    });
    const url = page.url ?? new URL(`file://${resolve(page.path)}`).href;
    const nav = await browser.send<{ errorText?: string }>(
      "Page.navigate",
      { url },
      session,
    );
    if (nav.errorText) errors.push(`navigation: ${nav.errorText}`);
    await withTimeout(
      loaded,
      Math.max(timeoutMs, MIN_LOAD_TIMEOUT_MS),
      `${page.path} did not load`,
    );

    const deadline = Date.now() + timeoutMs;
    let probe = await evaluate(browser, session);
    while (Date.now() < deadline) {
      const want = page.expectedPlots ?? probe.figures;
      if (probe.ready === "complete" && probe.drawn >= want) break;
      await new Promise((r) => setTimeout(r, 200));
      probe = await evaluate(browser, session);
    }
    // Let late errors (a figure that throws after drawing) surface.
    await new Promise((r) => setTimeout(r, 300));
    probe = await evaluate(browser, session);

    let screenshot: string | undefined;
    if (page.screenshot) {
      const { data } = await browser.send<{ data: string }>(
        "Page.captureScreenshot",
        { format: "png", captureBeyondViewport: true },
        session,
      );
      await Deno.mkdir(dirname(page.screenshot), { recursive: true });
      await Deno.writeFile(
        page.screenshot,
        Uint8Array.from(atob(data), (c) => c.charCodeAt(0)),
      );
      screenshot = page.screenshot;
    }
    return {
      path: page.path,
      plotContainers: probe.figures,
      plotsDrawn: probe.drawn,
      imagesLoaded: probe.loaded,
      imagesBroken: probe.broken,
      pictureTitles: probe.pictureTitles,
      errors,
      title: probe.title,
      screenshot,
    };
  } finally {
    for (const stop of stops) stop();
    await browser.send("Target.closeTarget", {
      targetId: await targetOf(browser, session),
    }).catch(() => {});
  }
}

async function targetOf(browser: Browser, session: string): Promise<string> {
  const { targetInfo } = await browser.send<
    { targetInfo: { targetId: string } }
  >("Target.getTargetInfo", {}, session);
  return targetInfo.targetId;
}

async function evaluate(browser: Browser, session: string): Promise<Probe> {
  const { result } = await browser.send<{ result: { value: string } }>(
    "Runtime.evaluate",
    { expression: PROBE, returnByValue: true },
    session,
  );
  return JSON.parse(result.value) as Probe;
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} in ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** A one-paragraph summary of a report, for assertion messages. */
export function formatReport(r: PageReport): string {
  return `${r.path}: ${r.plotsDrawn}/${r.plotContainers} figures drew, ${r.imagesLoaded} images loaded, ${r.imagesBroken} broken${
    r.errors.length ? `\n  errors:\n    ${r.errors.join("\n    ")}` : ""
  }`;
}
