/**
 * Headless Chromium from the OS packages (Debian's `chromium`), driven by
 * playwright-core, for the tests of the HTML report. Where it is missing the
 * tests say so in one line and skip; where REQUIRE_BROWSER is set (.ci/run sets it)
 * a missing browser fails them instead.
 */
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

const CANDIDATES = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter((p): p is string => Boolean(p));

const chromiumPath = CANDIDATES.find((p) => existsSync(p));

/** Whether the browser tests run here; prints the one line when they do not. */
export function browserAvailable(): boolean {
  if (chromiumPath) return true;
  if (process.env.REQUIRE_BROWSER)
    throw new Error("REQUIRE_BROWSER is set and needs Chromium for the HTML report's tests (apt-get install chromium); set CHROMIUM_PATH if it is elsewhere");
  process.stdout.write("HTML report browser tests SKIPPED: no Chromium here (apt-get install chromium, or set CHROMIUM_PATH)\n");
  return false;
}

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath!, args: ["--no-sandbox"] });
}
