"""Drives Debian's classic Jupyter Notebook in headless Chromium (Selenium).

Started by tools/ui/check_ui.ts, which runs the notebook server. Reads one JSON
job from stdin:

    {"base": "http://127.0.0.1:PORT/", "token": "...", "shots": "build/screenshots/ui",
     "notebooks": [{"path": "notebooks/01_datos.ipynb", "figures": 2}],
     "timeout": 900, "interrupt": "notebooks/02_lenet.ipynb" | null}

For each notebook: Cell ▸ Run All (the menu item), waits for the kernel to
finish, then records per notebook the kernel's name, error outputs, cells
without an execution count, drawn plotly figures (`.main-svg`), per code
cell the kinds of its outputs and the titles drawn in it, the browser
console's errors; then a second Run All, File ▸ Save, a reload, and the same
state after the reload; for a notebook with "restart": true, also Kernel ▸
Restart & Run All after the reload. Prints one
JSON line per notebook.
"""

import json
import os
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By

STATE_JS = """
const nb = Jupyter.notebook;
const cells = nb.get_cells().filter((c) => c.cell_type === 'code');
const figs = [...document.querySelectorAll('.output_area .cnn-plotly-figure, .output_area .js-plotly-plot')];
return JSON.stringify({
  kernel: nb.kernel && nb.kernel.name,
  kernelDisplay: (document.querySelector('.kernel_indicator_name') || {}).textContent || '',
  busy: cells.some((c) => c.element.find('.input_prompt').text().includes('*'))
    || document.querySelector('#kernel_indicator_icon.kernel_busy_icon') !== null,
  unnumbered: cells.filter((c) => c.input_prompt_number === null || c.input_prompt_number === undefined).length,
  errors: cells.map((c, i) => c.output_area.outputs.some((o) => o.output_type === 'error') ? i : -1).filter((i) => i >= 0),
  errorText: cells.flatMap((c) => c.output_area.outputs.filter((o) => o.output_type === 'error').map((o) => o.ename + ': ' + o.evalue)).slice(0, 3),
  cells: cells.length,
  figures: figs.length,
  drawn: figs.filter((f) => f.querySelector('.main-svg')).length,
  titles: [...document.querySelectorAll('.output_area .gtitle')].map((t) => t.textContent),
  missingNote: document.querySelectorAll('.cnn-plotly-missing').length,
  // Per code cell, what its output area holds, in the words of
  // tools/notebooks/cell_expectations.ts: the declarations are checked against this.
  perCell: cells.map((c) => ({
    kinds: c.output_area.outputs.map((o) =>
      o.output_type === 'stream' ? 'text'
        : o.output_type === 'execute_result' ? 'value'
        : o.output_type === 'error' ? 'error'
        : (o.data && o.data['application/vnd.plotly.v1+json']) ? 'figure' : 'display'),
    titles: [...c.element[0].querySelectorAll('.gtitle')].map((t) => t.textContent),
    drawn: [...c.element[0].querySelectorAll('.cnn-plotly-figure, .js-plotly-plot')]
      .filter((f) => f.querySelector('.main-svg')).length,
  })),
});
"""


def state(driver, attempts=5):
    # A page busy drawing (or parsing 4 MB of plotly.js on a loaded machine)
    # can miss one script deadline; that is not a failure of the notebook.
    for attempt in range(attempts):
        try:
            return json.loads(driver.execute_script(STATE_JS))
        except TimeoutException:
            if attempt == attempts - 1:
                raise
            time.sleep(2)


def wait_idle(driver, timeout):
    deadline = time.monotonic() + timeout
    time.sleep(2)
    quiet = 0
    while time.monotonic() < deadline:
        s = state(driver)
        quiet = quiet + 1 if not s["busy"] else 0
        if quiet >= 3:
            return s
        time.sleep(1)
    return state(driver)


def wait_figures(driver, want, timeout=30):
    deadline = time.monotonic() + timeout
    s = state(driver)
    while time.monotonic() < deadline and s["drawn"] < want:
        time.sleep(0.5)
        s = state(driver)
    return s


def open_notebook(driver, base, token, path, timeout=120):
    driver.get(f"{base}notebooks/{path}?token={token}")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready = driver.execute_script(
            "return !!(window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected());"
        )
        if ready:
            return
        time.sleep(0.5)
    raise RuntimeError(f"{path}: the notebook page or its kernel did not come up in {timeout} s")


def run_all(driver):
    # The menu item a student clicks: Cell ▸ Run All.
    driver.find_element(By.CSS_SELECTOR, "#celllink").click()
    driver.find_element(By.CSS_SELECTOR, "#run_all_cells > a").click()


def console_errors(driver):
    out = []
    for entry in driver.get_log("browser"):
        if entry.get("level") == "SEVERE":
            out.append(entry.get("message", "")[:300])
    return out


def check_notebook(driver, job, spec):
    path = spec["path"]
    shots = job["shots"]
    # An exercise and its solution share a file name: the folder tells them apart.
    folder = os.path.basename(os.path.dirname(path))
    stem = os.path.splitext(os.path.basename(path))[0]
    name = f"{folder}-{stem}" if folder in ("ejercicios", "soluciones") else stem
    open_notebook(driver, job["base"], job["token"], path)
    console_errors(driver)  # drop the page's own start-up messages
    run_all(driver)
    first = wait_idle(driver, job["timeout"])
    first = wait_figures(driver, spec.get("figures", 0))
    driver.save_screenshot(os.path.join(shots, f"{name}-run1.png"))
    errors_run1 = console_errors(driver)
    run_all(driver)
    second = wait_idle(driver, job["timeout"])
    second = wait_figures(driver, spec.get("figures", 0))
    # File ▸ Save, waiting for the server's answer before the reload.
    saved = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "Jupyter.notebook.save_notebook().then(() => done(true), (e) => done(String(e)));"
    )
    if saved is not True:
        raise RuntimeError(f"{path}: saving failed: {saved}")
    driver.refresh()
    open_notebook(driver, job["base"], job["token"], path)
    reloaded = wait_figures(driver, spec.get("figures", 0), timeout=40)
    driver.save_screenshot(os.path.join(shots, f"{name}-reloaded.png"))
    record = {
        "event": "notebook",
        "path": path,
        "run1": first,
        "run2": second,
        "reloaded": reloaded,
    }
    if spec.get("restart"):
        record["restarted"] = restart_run_all(driver, job, spec)
        driver.save_screenshot(os.path.join(shots, f"{name}-restarted.png"))
    record["console_errors"] = errors_run1 + console_errors(driver)
    return record


def restart_run_all(driver, job, spec):
    """Kernel ▸ Restart & Run All on the reloaded page, confirmed as a student would."""
    driver.find_element(By.CSS_SELECTOR, "#kernellink").click()
    driver.find_element(By.CSS_SELECTOR, "#restart_run_all > a").click()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        buttons = driver.find_elements(By.CSS_SELECTOR, ".modal-footer .btn-danger")
        if buttons:
            buttons[0].click()
            break
        time.sleep(0.5)
    else:
        raise RuntimeError("Restart & Run All: no confirmation dialog within 30 s")
    wait_idle(driver, job["timeout"])
    return wait_figures(driver, spec.get("figures", 0))


def check_interrupt(driver, job, path):
    """Interrupts a full-data fit, then runs 1 + 1 in the same kernel."""
    open_notebook(driver, job["base"], job["token"], path)
    driver.execute_script(
        """
        const nb = Jupyter.notebook;
        // A full-data fit: quick mode off in this kernel only.
        nb.insert_cell_at_index('code', 0).set_text('Deno.env.set("CNN_QUICK", "0");');
        const cells = nb.get_cells().filter((c) => c.cell_type === 'code');
        const fit = cells.findIndex((c) => c.get_text().includes('.fit('));
        window.cnnFitCell = fit;
        // Every code cell up to the first fit, in order, as Run All would.
        const upTo = nb.find_cell_index(cells[fit]);
        nb.execute_cells([...Array(upTo + 1).keys()].filter((i) => nb.get_cell(i).cell_type === 'code'));
        """
    )
    deadline = time.monotonic() + 300
    started = False
    while time.monotonic() < deadline and not started:
        time.sleep(1)
        started = driver.execute_script(
            "const c = Jupyter.notebook.get_cells().filter((c) => c.cell_type === 'code')[window.cnnFitCell];"
            "return c.output_area.outputs.some((o) => JSON.stringify(o).includes('Epoch 1/'));"
        )
    time.sleep(3)
    driver.find_element(By.CSS_SELECTOR, "#kernellink").click()
    driver.find_element(By.CSS_SELECTOR, "#int_kernel > a").click()
    wait_idle(driver, 120)
    stopped = driver.execute_script(
        "const c = Jupyter.notebook.get_cells().filter((c) => c.cell_type === 'code')[window.cnnFitCell];"
        "return c.output_area.outputs.filter((o) => o.output_type === 'error').map((o) => o.ename);"
    )
    driver.execute_script(
        "const c = Jupyter.notebook.insert_cell_at_bottom('code'); c.set_text('1 + 1'); c.execute(); window.cnnAfter = c;"
    )
    answer = None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and answer is None:
        time.sleep(1)
        answer = driver.execute_script(
            "const o = window.cnnAfter.output_area.outputs.find((o) => o.output_type === 'execute_result');"
            "return o ? o.data['text/plain'] : null;"
        )
    driver.save_screenshot(os.path.join(job["shots"], "interrupt.png"))
    return {"event": "interrupt", "path": path, "fit_started": started, "errors": stopped, "one_plus_one": answer}


def main():
    job = json.load(sys.stdin)
    os.makedirs(job["shots"], exist_ok=True)
    options = Options()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,2000"):
        options.add_argument(flag)
    options.binary_location = "/usr/bin/chromium"
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service("/usr/bin/chromedriver")
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_script_timeout(120)
    ok = True
    try:
        for spec in job["notebooks"]:
            try:
                record = check_notebook(driver, job, spec)
            except Exception as e:  # one notebook's failure is reported, the rest still run
                record = {"event": "notebook", "path": spec["path"], "failure": f"{type(e).__name__}: {e}"}
                ok = False
            print(json.dumps(record), flush=True)
        if job.get("interrupt"):
            try:
                record = check_interrupt(driver, job, job["interrupt"])
            except Exception as e:
                record = {"event": "interrupt", "path": job["interrupt"], "failure": f"{type(e).__name__}: {e}"}
            print(json.dumps(record), flush=True)
    finally:
        driver.quit()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
