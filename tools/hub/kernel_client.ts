/**
 * A minimal client of a Jupyter server's kernel websocket
 * (`/api/kernels/<id>/channels`, the JSON wire format the Notebook's own page
 * uses): runs code cells and collects their outputs, the way a student's
 * browser does. Used by `deno task check:hub`.
 *
 * Deno's kernel sometimes sends a cell's last outputs after its `idle`, and
 * once in a while under another request's parent id, so outputs are read for
 * a grace period after `idle`, and any output whose parent is unknown goes to
 * the cell running at the time.
 *
 * @module
 */

/** One output of a cell, shaped like nbformat's. */
export type CellOutput =
  | { output_type: "stream"; name: string; text: string }
  | {
    output_type: "display_data" | "execute_result";
    data: Record<string, unknown>;
  }
  | { output_type: "error"; ename: string; evalue: string };

/** What running one cell gave. */
export interface CellRun {
  /** `ok`, `error` (the kernel said so), `dead` (the kernel died), `timeout`. */
  status: "ok" | "error" | "dead" | "timeout";
  outputs: CellOutput[];
  /** `performance.now()` at the first output, if any. */
  firstOutputAt?: number;
}

interface Message {
  header: { msg_id: string; msg_type: string };
  parent_header: { msg_id?: string };
  content: Record<string, unknown>;
  channel: string;
}

/** An open websocket to one kernel. */
export class KernelSocket {
  /** Every `execution_state` the server sent, in order (`restarting` = the kernel died). */
  readonly states: string[] = [];
  #ws: WebSocket;
  #session = crypto.randomUUID();
  #cells = new Map<string, CellRun>();
  #current?: CellRun;
  #waiters: ((m: Message) => void)[] = [];
  #closed = false;

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    ws.onmessage = (e) => this.#onMessage(JSON.parse(String(e.data)));
    ws.onclose = () => {
      this.#closed = true;
    };
  }

  /** Opens `ws(s)://…/api/kernels/<id>/channels` (the token goes in the query). */
  static open(url: string): Promise<KernelSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.onopen = () => resolve(new KernelSocket(ws));
      ws.onerror = (e) =>
        reject(
          new Error(
            `websocket ${url.replace(/token=[^&]+/, "token=…")}: ${
              (e as ErrorEvent).message ?? "failed"
            }`,
          ),
        );
    });
  }

  #onMessage(m: Message): void {
    if (m.header.msg_type === "status") {
      this.states.push(String(m.content.execution_state));
    }
    const cell = this.#cells.get(m.parent_header.msg_id ?? "") ??
      this.#current;
    const out = cell ? toOutput(m) : undefined;
    if (cell && out) {
      cell.outputs.push(out);
      cell.firstOutputAt ??= performance.now();
    }
    for (const w of this.#waiters) w(m);
  }

  /**
   * Runs `code` and resolves when the kernel replied and went idle (plus
   * `lateMs` of late outputs), when it died (`restarting`/`dead`), or after
   * `timeoutMs`.
   */
  async execute(
    code: string,
    { timeoutMs = 600_000, lateMs = 500 } = {},
  ): Promise<CellRun> {
    const msgId = crypto.randomUUID();
    const run: CellRun = { status: "ok", outputs: [] };
    this.#cells.set(msgId, run);
    this.#current = run;
    let replied = false;
    let idle = false;
    const done = new Promise<CellRun["status"]>((resolve) => {
      const timer = setTimeout(() => resolve("timeout"), timeoutMs);
      const waiter = (m: Message) => {
        const mine = m.parent_header.msg_id === msgId;
        if (m.header.msg_type === "status") {
          const state = m.content.execution_state;
          if (state === "restarting" || state === "dead") {
            clearTimeout(timer);
            resolve("dead");
          }
          if (mine && state === "idle") idle = true;
        }
        if (mine && m.header.msg_type === "execute_reply") {
          replied = true;
          if (m.content.status !== "ok") run.status = "error";
        }
        if (replied && idle) {
          clearTimeout(timer);
          resolve(run.status);
        }
      };
      this.#waiters.push(waiter);
    });
    this.#ws.send(JSON.stringify({
      header: {
        msg_id: msgId,
        msg_type: "execute_request",
        session: this.#session,
        username: "",
        version: "5.3",
        date: new Date().toISOString(),
      },
      parent_header: {},
      metadata: {},
      content: {
        code,
        silent: false,
        store_history: true,
        user_expressions: {},
        allow_stdin: false,
        stop_on_error: true,
      },
      channel: "shell",
    }));
    run.status = await done;
    this.#waiters = [];
    if (run.status !== "dead" && run.status !== "timeout") {
      await new Promise((r) => setTimeout(r, lateMs));
    }
    return run;
  }

  /** Closes the websocket (the kernel keeps running). */
  close(): Promise<void> {
    if (this.#closed || this.#ws.readyState === WebSocket.CLOSED) {
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, 5000); // a dead proxy never answers
      this.#ws.onclose = () => {
        this.#closed = true;
        clearTimeout(timer);
        resolve();
      };
      this.#ws.close();
    });
  }
}

function toOutput(m: Message): CellOutput | undefined {
  const c = m.content;
  switch (m.header.msg_type) {
    case "stream":
      return {
        output_type: "stream",
        name: String(c.name),
        text: String(c.text),
      };
    case "update_display_data": // progress bars redraw in place
    case "display_data":
    case "execute_result":
      return {
        output_type: m.header.msg_type === "execute_result"
          ? "execute_result"
          : "display_data",
        data: c.data as Record<string, unknown>,
      };
    case "error":
      return {
        output_type: "error",
        ename: String(c.ename),
        evalue: String(c.evalue),
      };
    default:
      return undefined;
  }
}

/** All text of `outputs` (streams and `text/plain`), joined. */
export function outputText(outputs: CellOutput[]): string {
  return outputs.map((o) => {
    if (o.output_type === "stream") return o.text;
    if (o.output_type === "error") return `${o.ename}: ${o.evalue}\n`;
    const plain = o.data["text/plain"];
    return typeof plain === "string" ? plain + "\n" : "";
  }).join("");
}
