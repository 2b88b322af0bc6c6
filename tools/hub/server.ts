/**
 * A throw-away JupyterHub for `deno task check:hub`: the classroom's own
 * configuration (classroom/jupyterhub_config.py, as installed under a private
 * root) with an overlay that binds everything to 127.0.0.1 on free ports,
 * keeps its database in a temp folder, logs users in with API tokens and
 * names three temporary Unix users. Everything it starts or creates it
 * stops or removes, by PID and by name.
 *
 * @module
 */

import { join } from "node:path";

/** What the overlay changes for a check. */
export interface HubOptions {
  /** The installed jupyterhub_config.py. */
  mainConfig: string;
  /** Folder for the database, cookie secret, logs (removed by the caller). */
  stateDir: string;
  users: string[];
  /** Per-student memory limit, bytes. */
  memLimit: number;
  cpuLimit: number;
  /** Extra environment for every student's server (and so their kernels). */
  environment: Record<string, string>;
  /** Extra single-user server arguments (culling timeouts for the check). */
  extraArgs?: string[];
}

/** A running Hub started by {@link startHub}. */
export interface Hub {
  /** `http://127.0.0.1:<port>`: the proxy, where students connect. */
  url: string;
  /** The admin service's token. */
  adminToken: string;
  pid: number;
  /** Stops the Hub (SIGTERM; it stops the proxy and the servers itself). */
  stop(): Promise<void>;
  /** Where the Hub's output goes. */
  log: string;
}

/** Writes the overlay config; returns its path. Ports are chosen once per state dir. */
export async function writeOverlay(
  o: HubOptions,
  ports: { proxy: number; hub: number; api: number },
  adminToken: string,
): Promise<string> {
  const py = (v: unknown) => JSON.stringify(v);
  const text = `# Written by tools/hub/server.ts for deno task check:hub.
c = get_config()  # noqa
load_subconfig(${py(o.mainConfig)})
import os
c.JupyterHub.bind_url = "http://127.0.0.1:${ports.proxy}"
c.JupyterHub.hub_bind_url = "http://127.0.0.1:${ports.hub}"
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:${ports.api}"
c.JupyterHub.db_url = "sqlite:///" + ${py(join(o.stateDir, "hub.sqlite"))}
c.JupyterHub.cookie_secret_file = ${py(join(o.stateDir, "cookie_secret"))}
c.JupyterHub.pid_file = ${py(join(o.stateDir, "hub.pid"))}
c.ConfigurableHTTPProxy.pid_file = ${py(join(o.stateDir, "proxy.pid"))}
c.JupyterHub.authenticator_class = "jupyterhub.auth.DummyAuthenticator"
c.DummyAuthenticator.password = ${py(crypto.randomUUID())}
c.Authenticator.allowed_users = set(${py(o.users)})
c.JupyterHub.services = [{"name": "cnn-check", "api_token": ${py(adminToken)}}]
c.JupyterHub.load_roles = [{
    "name": "cnn-check",
    "scopes": ["admin:users", "admin:servers", "tokens", "list:users"],
    "services": ["cnn-check"],
}]
c.Spawner.mem_limit = ${o.memLimit}
c.Spawner.cpu_limit = ${o.cpuLimit}
c.Spawner.environment = {**c.Spawner.environment, **${py(o.environment)}}
_extra = ${py(o.extraArgs ?? [])}
# traitlets refuses an option given twice: the check's values replace the config's.
_names = {a.split("=", 1)[0] for a in _extra}
c.Spawner.args = [a for a in c.Spawner.args if a.split("=", 1)[0] not in _names] + _extra
`;
  const path = join(o.stateDir, "overlay_config.py");
  await Deno.writeTextFile(path, text);
  return path;
}

/** Starts the Hub with `overlay` and waits until its API answers. */
export async function startHub(
  overlay: string,
  stateDir: string,
  ports: { proxy: number },
  adminToken: string,
): Promise<Hub> {
  const log = join(stateDir, "hub.log");
  // `exec` keeps the PID: the one we stop is the Hub itself.
  const child = new Deno.Command("/bin/bash", {
    args: [
      "-c",
      'exec /usr/bin/jupyterhub -f "$1" >>"$2" 2>&1',
      "hub",
      overlay,
      log,
    ],
    cwd: stateDir,
    stdin: "null",
    env: { PYTHONWARNINGS: "ignore" },
  }).spawn();
  const url = `http://127.0.0.1:${ports.proxy}`;
  let exited = false;
  const status = child.status.then((s) => {
    exited = true;
    return s;
  });
  const hub: Hub = {
    url,
    adminToken,
    pid: child.pid,
    log,
    async stop() {
      if (!exited) {
        try {
          Deno.kill(child.pid, "SIGTERM");
        } catch { /* already gone */ }
        const timer = setTimeout(() => {
          try {
            Deno.kill(child.pid, "SIGKILL");
          } catch { /* gone */ }
        }, 30_000);
        await status;
        clearTimeout(timer);
      }
    },
  };
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (exited) break;
    try {
      const r = await fetch(`${url}/hub/api/`, {
        signal: AbortSignal.timeout(2000),
      });
      await r.body?.cancel();
      if (r.ok) return hub;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 500));
  }
  await hub.stop();
  const tail = (await Deno.readTextFile(log)).split("\n").slice(-20).join(
    "\n",
  );
  throw new Error(`the Hub did not start:\n${tail}`);
}

/** `fetch` against the Hub with a token; parses JSON, throws on failures unless `expect` lists the status. */
export async function api(
  url: string,
  token: string,
  init: RequestInit = {},
  expect: number[] = [200, 201, 202, 204],
): Promise<{ status: number; body: unknown }> {
  const r = await fetch(url, {
    ...init,
    redirect: "manual",
    headers: {
      Authorization: `token ${token}`,
      "Content-Type": "application/json",
      ...(init.headers ?? {}),
    },
  });
  const text = await r.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch { /* not JSON */ }
  if (!expect.includes(r.status)) {
    throw new Error(
      `${init.method ?? "GET"} ${url}: HTTP ${r.status} ${text.slice(0, 300)}`,
    );
  }
  return { status: r.status, body };
}

/** Runs a command, throwing its stderr on failure. */
export async function run(cmd: string, args: string[]): Promise<string> {
  const out = await new Deno.Command(cmd, {
    args,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  if (!out.success) {
    throw new Error(
      `${cmd} ${args.join(" ")}: ${dec.decode(out.stderr).trim()}`,
    );
  }
  return dec.decode(out.stdout);
}

/** Creates Unix user `name` with its home under `homes`; returns its uid. */
export async function createUser(name: string, homes: string): Promise<number> {
  await run("/usr/sbin/useradd", [
    "--create-home",
    "--home-dir",
    join(homes, name),
    "--shell",
    "/usr/sbin/nologin",
    "--user-group",
    name,
  ]);
  return Number((await run("/usr/bin/id", ["-u", name])).trim());
}

/** Removes user `name` and its home, if it exists. */
export async function removeUser(name: string): Promise<void> {
  try {
    await run("/usr/bin/id", ["-u", name]);
  } catch {
    return;
  }
  await run("/usr/sbin/userdel", ["--remove", name]).catch((e) =>
    console.error(`warning: ${e.message}`)
  );
}
