"""Take screenshots of the running app in headless Chromium (Debian's /usr/bin/chromium).

Usage: python scripts/screenshot.py URL OUT.png [WIDTHxHEIGHT] [--full]
Used by hand to look at pages at projector size; the e2e tests take their own.
"""

import sys

from playwright.sync_api import sync_playwright


def main() -> int:
    url, out = sys.argv[1], sys.argv[2]
    size = next((a for a in sys.argv[3:] if "x" in a and not a.startswith("--")), "1280x720")
    width, height = (int(v) for v in size.split("x"))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=["--disable-dev-shm-usage"])
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(url)
        page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60000)
        page.wait_for_timeout(2500)
        page.screenshot(path=out, full_page="--full" in sys.argv)
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
