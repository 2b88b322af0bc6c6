/**
 * The MIME type of the result bundle the grader's check cell publishes
 * (kept apart so the host side does not import the kernel-side guard).
 *
 * @module
 */

/** MIME type of the grader's result bundle. */
export const RESULT_MIME = "application/vnd.cnn-grade+json";
