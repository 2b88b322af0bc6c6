/**
 * The grader against hostile submissions (test/grade/hostile_cases.ts):
 * each gets exactly the grade it deserves, the attacks leave no trace on the
 * host, hidden checks stay hidden in the feedback, and a re-run takes every
 * grade from the cache. Runs the real sandbox (bubblewrap) and Deno kernels
 * in quick mode, two at a time.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { gradeAll } from "../../tools/grade/main.ts";
import { sandboxWorks } from "../../tools/grade/sandbox.ts";
import { total } from "../../tools/grade/report.ts";
import { caseNotebook, hostileCases } from "./hostile_cases.ts";

Deno.test("hostile submissions get the grade they deserve and cannot escape", async () => {
  const problem = await sandboxWorks();
  assert.equal(
    problem,
    undefined,
    `bubblewrap must work for this test (apt install bubblewrap): ${problem}`,
  );
  const dir = await Deno.makeTempDir({ prefix: "cnn-grade-test-" });
  // A loopback server on the host with the answer: reachable from the
  // sandbox only if its network were not private.
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    () => new Response("1168"),
  );
  try {
    const subs = join(dir, "entregas");
    const hostFile = join(dir, "escapado.txt");
    const cases = hostileCases({
      otherSubmission: join(subs, "honesta", "entrega.ipynb"),
      hostFile,
      url: `http://127.0.0.1:${server.addr.port}/`,
    });
    assert.ok(cases.length >= 10);
    for (const c of cases) {
      await Deno.mkdir(join(subs, c.student), { recursive: true });
      // Every file has the same name: the exercise comes from the metadata.
      await Deno.writeTextFile(
        join(subs, c.student, "entrega.ipynb"),
        JSON.stringify(caseNotebook(c)),
      );
    }
    const out = join(dir, "notas");
    const opts = {
      submissions: subs,
      out,
      jobs: 2,
      timeoutS: 40,
      memoryMiB: 1536,
      quick: true,
    };
    const { grades, cached } = await gradeAll(opts);
    assert.equal(cached, 0);
    const got = Object.fromEntries(
      grades.map((
        g,
      ) => [g.student, { points: total(g).points, status: g.status }]),
    );
    const want = Object.fromEntries(
      cases.map((c) => [c.student, { points: c.points, status: c.status }]),
    );
    for (const c of cases) {
      const g = got[c.student];
      const ok = g && g.points === c.points &&
        c.status.split("|").includes(g.status);
      assert.ok(
        ok,
        `${c.student}: got ${JSON.stringify(g)}, want ${
          JSON.stringify(want[c.student])
        }`,
      );
    }
    await assert.rejects(
      Deno.stat(hostFile),
      "a submission wrote outside its sandbox",
    );

    const csv = await Deno.readTextFile(join(out, "grades.csv"));
    assert.match(csv, /^student,exercise,check,points,max,passed,message\n/);
    assert.match(
      csv,
      /convblock_fijo,02_convblock,oculta: otros tamaños,0,2,false,comprobación oculta: no superada/,
    );
    const page = await Deno.readTextFile(
      join(out, "feedback", "convblock_fijo.html"),
    );
    assert.match(page, /comprobación oculta: no superada/);
    // The hidden check's own findings never reach the student.
    assert.doesNotMatch(page, /Forma correcta|parámetros\.<\/li>/);
    assert.match(
      await Deno.readTextFile(join(out, "feedback", "honesta.html")),
      /10 \/ 10/,
    );

    const again = await gradeAll(opts);
    assert.equal(again.cached, cases.length);
    assert.deepEqual(
      Object.fromEntries(again.grades.map((g) => [g.student, total(g).points])),
      Object.fromEntries(grades.map((g) => [g.student, total(g).points])),
    );
  } finally {
    await server.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});
