/**
 * What each notebook must show in the Notebook UI after Run All in quick
 * mode, for `deno task check:ui`: plotly figures drawn, and whether one of
 * them is the digit titled 8 (the first training image).
 *
 * @module
 */

/** One notebook's expectations. */
export interface UiExpectation {
  /** Plotly figures that must draw (`.main-svg`). */
  figures: number;
  /** A figure titled "8" must be among them. */
  digit8?: boolean;
}

/** The notebooks `check:ui` runs by default, with what they must show. */
export const UI_EXPECTATIONS: Record<string, UiExpectation> = {
  "notebooks/01_datos.ipynb": { figures: 2, digit8: true },
  "notebooks/ejercicios/01_contar_parametros.ipynb": { figures: 0 },
  "notebooks/soluciones/01_contar_parametros.ipynb": { figures: 0 },
};
