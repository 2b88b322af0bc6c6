/**
 * A free TCP port for the servers the checks and tests start (Jupyter, the
 * Hub, kernels): the OS picks one on 127.0.0.1, so nothing is reachable from
 * other machines and parallel runs do not collide.
 *
 * @module
 */

/**
 * A TCP port on 127.0.0.1 that was free a moment ago (the OS picks it). The
 * listener is closed before returning, so the caller's server can bind it.
 */
export function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}
