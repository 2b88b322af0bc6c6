/**
 * Child process of `download_killed_is_cleaned_next_time_test.ts`: downloads
 * `url` into `dest` without a checksum; `CNN_FAULT_AT` kills it mid-way.
 */
import { downloadFile } from "../../lib/data/download.ts";

const [url, dest] = Deno.args;
await downloadFile(url, dest, { sha256: null, progress: false });
