/**
 * A minimal Chrome DevTools Protocol client: starts Debian's headless
 * Chromium with a fresh profile and talks to it over its WebSocket, so no
 * browser download (playwright, puppeteer) is needed.
 *
 * @module
 */

import { systemHost } from "../setup/host.ts";
import { findChromium } from "../setup/requirements.ts";

/** Flags for a quiet, sandbox-free, offline-friendly headless Chromium. */
export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--no-default-browser-check",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-extensions",
  "--hide-scrollbars",
  "--remote-debugging-port=0",
];

/**
 * The Chromium binary: `CNN_CHROMIUM`, else the first of chromium,
 * chromium-browser or google-chrome on PATH, else Debian's path (for the
 * error message).
 */
export function chromiumPath(): string {
  return findChromium(systemHost()) ?? Deno.env.get("CNN_CHROMIUM") ??
    "/usr/bin/chromium";
}

type Listener = (params: Record<string, unknown>, sessionId?: string) => void;

/** A running browser and its DevTools connection. */
export class Browser {
  #ws: WebSocket;
  #nextId = 1;
  #pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: Error) => void }
  >();
  #listeners = new Map<string, Set<Listener>>();

  private constructor(
    ws: WebSocket,
    private readonly child: Deno.ChildProcess,
    private readonly profile: string,
  ) {
    this.#ws = ws;
    ws.onmessage = (ev) => this.#dispatch(JSON.parse(ev.data as string));
  }

  /** Starts Chromium and connects to it (times out after `timeoutMs`). */
  static async launch(timeoutMs = 30_000): Promise<Browser> {
    const profile = await Deno.makeTempDir({ prefix: "cnn-chromium-" });
    let child: Deno.ChildProcess;
    try {
      child = new Deno.Command(chromiumPath(), {
        args: [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`, "about:blank"],
        stdin: "null",
        stdout: "null",
        stderr: "piped",
      }).spawn();
    } catch (e) {
      await Deno.remove(profile, { recursive: true }).catch(() => {});
      throw new Error(
        `could not start Chromium at ${chromiumPath()} (${
          (e as Error).message
        }); install it with \`sudo apt install chromium\` or set CNN_CHROMIUM`,
      );
    }
    const url = await readDevtoolsUrl(child, timeoutMs).catch(async (e) => {
      try {
        child.kill("SIGKILL");
      } catch { /* already gone */ }
      await Deno.remove(profile, { recursive: true }).catch(() => {});
      throw e;
    });
    const ws = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      ws.onopen = () => resolve();
      ws.onerror = () => reject(new Error(`cannot connect to ${url}`));
    });
    return new Browser(ws, child, profile);
  }

  #dispatch(msg: Record<string, unknown>) {
    if (typeof msg.id === "number") {
      const p = this.#pending.get(msg.id);
      if (!p) return;
      this.#pending.delete(msg.id);
      const err = msg.error as { message?: string } | undefined;
      if (err) p.reject(new Error(`CDP: ${err.message ?? "error"}`));
      else p.resolve(msg.result);
      return;
    }
    const method = msg.method as string;
    for (const l of this.#listeners.get(method) ?? []) {
      l(msg.params as Record<string, unknown>, msg.sessionId as string);
    }
  }

  /** Sends a command (to a page session when `sessionId` is given). */
  send<T = Record<string, unknown>>(
    method: string,
    params: Record<string, unknown> = {},
    sessionId?: string,
  ): Promise<T> {
    const id = this.#nextId++;
    this.#ws.send(JSON.stringify({ id, method, params, sessionId }));
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, {
        resolve: resolve as (v: unknown) => void,
        reject,
      });
    });
  }

  /** Listens to an event; returns a function that stops listening. */
  on(method: string, listener: Listener): () => void {
    const set = this.#listeners.get(method) ?? new Set();
    set.add(listener);
    this.#listeners.set(method, set);
    return () => set.delete(listener);
  }

  /** Opens a blank page and attaches to it; returns its session id. */
  async newPage(): Promise<string> {
    const { targetId } = await this.send<{ targetId: string }>(
      "Target.createTarget",
      { url: "about:blank" },
    );
    const { sessionId } = await this.send<{ sessionId: string }>(
      "Target.attachToTarget",
      { targetId, flatten: true },
    );
    return sessionId;
  }

  /** Closes the browser and removes its profile. */
  async close(): Promise<void> {
    for (const p of this.#pending.values()) {
      p.reject(new Error("browser closed"));
    }
    this.#pending.clear();
    try {
      this.#ws.close();
    } catch { /* already closed */ }
    try {
      this.child.kill("SIGTERM");
    } catch { /* already gone */ }
    const killer = setTimeout(() => {
      try {
        this.child.kill("SIGKILL");
      } catch { /* already gone */ }
    }, 5000);
    await this.child.status;
    clearTimeout(killer);
    await Deno.remove(this.profile, { recursive: true }).catch(() => {});
  }
}

async function readDevtoolsUrl(
  child: Deno.ChildProcess,
  timeoutMs: number,
): Promise<string> {
  const reader = child.stderr.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(
            `Chromium did not open its DevTools port within ${timeoutMs} ms:\n${
              text.slice(-1000)
            }`,
          ),
        ),
      timeoutMs,
    );
  });
  try {
    while (true) {
      const { value, done } = await Promise.race([reader.read(), timeout]);
      if (done) {
        throw new Error(`Chromium exited at start:\n${text.slice(-1000)}`);
      }
      text += decoder.decode(value, { stream: true });
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(text);
      if (m) return m[1];
    }
  } finally {
    clearTimeout(timer);
    // Keep draining stderr so Chromium never blocks on a full pipe.
    (async () => {
      try {
        while (!(await reader.read()).done) { /* discard */ }
      } catch { /* closed */ }
    })();
  }
}
