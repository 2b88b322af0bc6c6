/**
 * `deno task check:hub`: the classroom (classroom/) end to end on this
 * machine, as root, bound to 127.0.0.1 only.
 *
 * 1. installs the classroom under a private root (build/hub/root) twice; the
 *    second run must change nothing;
 * 2. creates three throw-away Unix users, starts JupyterHub (the installed
 *    config + an overlay: free local ports, DummyAuthenticator, an admin
 *    service token), logs each user in through the Hub's REST API (a token)
 *    and has them start their own server;
 * 3. runs chapter 02 in quick mode for the three at the same time through
 *    each user's Notebook server (REST + websocket) and asserts summary,
 *    progress and figures; reports time to first output, peak kernel RSS and
 *    CPU seconds per student;
 * 4. faults: a user cannot reach another's server (403/404) nor write the
 *    shared cache, data or library; a kernel killed by its memory limit
 *    leaves the others running and its notebook is told; a restarted Hub
 *    keeps every user's files; idle kernels and servers are culled;
 * 5. stops the Hub (which stops what it started), kills by PID anything of
 *    the users still alive, removes the users, their homes and cgroups.
 *
 * Options: `--notebooks 02_lenet,03_inception` (chapters each student runs,
 * one after the other), `--full` (CNN_QUICK=0), `--students N`, `--no-faults`
 * (measurement only), `--verbose` (one line per cell), `--mem-limit-mb N` (default 2048), `--json PATH`.
 *
 * @module
 */

import { join } from "node:path";
import { runCli } from "../notebooks/jupyter_env.ts";
import { ROOT } from "../notebooks/files.ts";
import {
  createUser,
  type Hub,
  removeUser,
  startHub,
  writeOverlay,
} from "./server.ts";
import { killUid, pidsOfUid, removeCgroups } from "./procs.ts";
import { freePort } from "../net/free_port.ts";
import {
  logIn,
  type NotebookRun,
  runNotebook,
  shutdownKernel,
  startServer,
  type Student,
} from "./students.ts";
import {
  assert,
  checkCgroup,
  checkIsolation,
  checkMemoryLimit,
  checkSharedReadOnly,
} from "./faults.ts";
import { checkCulling, checkHubRestart } from "./restart.ts";
import { assertChapter02, report } from "./report.ts";
import { installTwice } from "./install.ts";

const INSTALL_ROOT = join(ROOT, "build", "hub", "root");

async function main(): Promise<number> {
  const args = parseOptions(Deno.args);
  if (Deno.uid() !== 0) {
    throw new Error(
      "check:hub creates Unix users and starts JupyterHub: run it as root (sudo deno task check:hub)",
    );
  }
  for (
    const bin of ["/usr/bin/jupyterhub", "/usr/bin/configurable-http-proxy"]
  ) {
    try {
      Deno.statSync(bin);
    } catch {
      throw new Error(
        `${bin} is missing: apt-get install jupyterhub node-configurable-http-proxy jupyter-notebook`,
      );
    }
  }
  const faults = !args["no-faults"];
  const nStudents = Number(args.students);
  const notebooks = String(args.notebooks).split(",").map((n) =>
    `cnn-curso/notebooks/${n.replace(/\.ipynb$/, "")}.ipynb`
  );

  console.log("1. install (twice)");
  const install = await installTwice(INSTALL_ROOT);
  console.log(`   ${install.summary}`);
  const paths = install.paths;

  const base = await Deno.makeTempDir({ prefix: "cnn-hub-check-" });
  await Deno.chmod(base, 0o755); // the students traverse it to their homes
  const homes = join(base, "home");
  await Deno.mkdir(homes, { mode: 0o755 });
  const state = join(base, "hub");
  await Deno.mkdir(state, { mode: 0o700 });
  const tag = crypto.randomUUID().slice(0, 6);
  const names = Array.from(
    { length: nStudents },
    (_, i) => `cnnck${tag}${String.fromCharCode(97 + i)}`,
  );
  const uids = new Map<string, number>();
  const hubs: Hub[] = [];
  const runs: NotebookRun[] = [];
  const onSignal = () => {
    console.error("interrupted: cleaning up");
    cleanup().finally(() => Deno.exit(130));
  };
  // A stray rejection must not skip the cleanup (users, processes).
  globalThis.addEventListener("unhandledrejection", (e) => {
    e.preventDefault();
    console.error(`error: ${e.reason}`);
    cleanup().finally(() => Deno.exit(1));
  });
  Deno.addSignalListener("SIGINT", onSignal);
  Deno.addSignalListener("SIGTERM", onSignal);
  let cleaning: Promise<number> | undefined;
  /**
   * Returns how many processes were left after the Hub stopped (killed by
   * PID). Every caller (signal, error, normal end) waits for the same run.
   */
  function cleanup(): Promise<number> {
    cleaning ??= cleanupOnce();
    return cleaning;
  }
  async function cleanupOnce(): Promise<number> {
    let leftovers = 0;
    for (const r of runs) await r.socket.close().catch(() => {});
    for (const h of hubs) await h.stop();
    for (const [name, uid] of uids) {
      const left = killUid(uid);
      if (left) console.error(`warning: killed ${left} process(es) of ${name}`);
      leftovers += left;
      await removeUser(name);
    }
    removeCgroups([...uids.keys()]);
    // The Hub's log (with the servers' output) outlives the temp folder.
    await Deno.copyFile(
      join(state, "hub.log"),
      join(ROOT, "build", "hub", "hub.log"),
    )
      .catch(() => {});
    await Deno.remove(base, { recursive: true }).catch(() => {});
    return leftovers;
  }

  try {
    console.log(`2. ${nStudents} users, the Hub, logins, servers`);
    for (const n of names) uids.set(n, await createUser(n, homes));
    const ports = { proxy: freePort(), hub: freePort(), api: freePort() };
    const adminToken = crypto.randomUUID().replaceAll("-", "");
    const hubOptions = {
      mainConfig: paths.config,
      stateDir: state,
      users: names,
      memLimit: Number(args["mem-limit-mb"]) * 2 ** 20,
      cpuLimit: 1,
      environment: { CNN_QUICK: args.full ? "0" : "1" },
    };
    const overlay = await writeOverlay(hubOptions, ports, adminToken);
    const hub = await startHub(overlay, state, ports, adminToken);
    hubs.push(hub);
    const students: Student[] = [];
    for (const n of names) {
      students.push(await logIn(hub.url, adminToken, n, uids.get(n)!));
    }
    await Promise.all(students.map((s) => startServer(hub.url, s)));
    console.log(`   Hub ${hub.url}, servers of ${names.join(", ")} ready`);

    console.log(
      `3. ${notebooks.join(", ")} (${
        args.full ? "full" : "quick"
      } mode), all students at once`,
    );
    const cellTimeout = args.full ? 3_600_000 : 300_000;
    const perStudent = await Promise.all(students.map(async (s) => {
      const mine: NotebookRun[] = [];
      for (const nb of notebooks) {
        const r = await runNotebook(s, nb, cellTimeout, args.verbose);
        runs.push(r);
        mine.push(r);
        // One line as each notebook ends: long measurement runs report as they go.
        console.log(report([r]).split("\n")[1]);
        if (nb !== notebooks.at(-1)) {
          await r.socket.close();
          await shutdownKernel(s, r.kernelId);
        }
      }
      return mine;
    }));
    const flat = perStudent.flat();
    if (args.verbose) {
      const file = join(ROOT, "build", "hub", "outputs.json");
      await Deno.writeTextFile(
        file,
        JSON.stringify(
          flat.map((r) => ({
            student: r.student,
            notebook: r.notebook,
            outputs: r.outputs,
          })),
          null,
          1,
        ),
      );
      console.log(`   outputs: ${file}`);
    }
    console.log(report(flat));
    for (const r of flat) {
      assert(r.ok, `${r.student} ${r.notebook}: ${r.failure}`);
      if (r.notebook.endsWith("02_lenet.ipynb")) assertChapter02(r);
    }
    if (args.json) {
      await Deno.writeTextFile(
        args.json,
        JSON.stringify(
          flat.map(({ socket: _s, outputs: _o, ...rest }) => rest),
          null,
          2,
        ) + "\n",
      );
    }

    if (faults) {
      console.log("4. faults");
      const last = perStudent.map((rs) => rs.at(-1)!);
      const [a, b] = students;
      for (const line of await checkIsolation(hub.url, a, b)) {
        console.log(`   ${a.name}: ${line}`);
      }
      console.log(`   limits: ${checkCgroup(last[0], hubOptions.memLimit)}`);
      const ro = await checkSharedReadOnly(last[0], {
        denoDir: paths.denoDir,
        dataDir: paths.dataDir,
        libDir: paths.libDir,
        otherHome: join(homes, b.name),
      });
      console.log(`   ${a.name} writing the shared folders: ${ro}`);
      if (last.length >= 3 && last[0].notebook.endsWith("02_lenet.ipynb")) {
        console.log(`   ${await checkMemoryLimit(last[2], last.slice(0, 2))}`);
      }
      const restart = await checkHubRestart({
        hub,
        hubs,
        overlayFor: (extra) =>
          writeOverlay({ ...hubOptions, extraArgs: extra }, ports, adminToken),
        state,
        ports,
        student: a,
        uids: [...uids.values()],
        runs,
      });
      console.log(`   ${restart.summary}`);
      console.log(`   ${await checkCulling(restart.hub, a)}`);
    }
    const after = await install.unchanged();
    console.log(`   ${after}`);
    console.log("5. stop and clean up");
    const leftovers = await cleanup();
    assert(
      leftovers === 0,
      `${leftovers} process(es) outlived the Hub's shutdown`,
    );
    for (const uid of uids.values()) {
      assert(pidsOfUid(uid).length === 0, `processes of uid ${uid} remain`);
    }
    console.log("check:hub: ok");
    return 0;
  } finally {
    await cleanup();
    Deno.removeSignalListener("SIGINT", onSignal);
    Deno.removeSignalListener("SIGTERM", onSignal);
  }
}

interface Options {
  notebooks: string;
  students: string;
  "mem-limit-mb": string;
  json?: string;
  full: boolean;
  "no-faults": boolean;
  verbose: boolean;
}

function parseOptions(argv: string[]): Options {
  const o: Options = {
    notebooks: "02_lenet",
    students: "3",
    "mem-limit-mb": "2048",
    full: false,
    "no-faults": false,
    verbose: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--full" || a === "--no-faults" || a === "--verbose") {
      o[a.slice(2) as "full" | "no-faults" | "verbose"] = true;
    } else if (
      ["--notebooks", "--students", "--mem-limit-mb", "--json"].includes(a) &&
      i + 1 < argv.length
    ) {
      o[a.slice(2) as "notebooks" | "students" | "mem-limit-mb" | "json"] =
        argv[++i];
    } else {
      throw new Error(
        `unknown option ${a}: use --notebooks 02_lenet,03_inception, --full, --students N, --no-faults, --verbose, --mem-limit-mb N, --json PATH`,
      );
    }
  }
  if (!/^[1-9]\d*$/.test(o.students) || !/^[1-9]\d*$/.test(o["mem-limit-mb"])) {
    throw new Error(
      "--students and --mem-limit-mb take positive whole numbers",
    );
  }
  return o;
}

if (import.meta.main) await runCli(main);
