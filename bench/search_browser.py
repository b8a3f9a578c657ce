"""Time from typing to results on the search page, in headless Chromium (Debian's package).

Prints the cold first query (the index is fetched and loaded) and warm queries, each as the
time the page itself measured (search and rendering) and as keypress-to-results seen from
outside (which includes the 120 ms the page waits for typing to pause).
    python bench/search_browser.py http://127.0.0.1:8000
"""
import statistics
import sys
import time

from playwright.sync_api import sync_playwright

QUERIES = ["营商环境", "最多跑一次", "經濟", "高质量发展", "数字经济", "G60", "5G", "乡村振兴", "税", "疫情防控"]


def main(base: str) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page()
        page.goto(base + "/search/")
        inside, outside = [], []
        for i, query in enumerate(QUERIES):
            started = time.perf_counter()
            page.fill("#q", query)
            page.wait_for_function("q => document.getElementById('summary').textContent.startsWith('“' + q)", arg=query)
            outside.append((time.perf_counter() - started) * 1000)
            inside.append(int(page.get_attribute("#summary", "data-ms")))
            if i == 0:
                print(f"cold first query ({query}, index fetched and loaded): page {inside[0]} ms, "
                      f"keypress to results {outside[0]:.0f} ms")
        print(f"warm queries ({len(QUERIES) - 1}): page median {statistics.median(inside[1:]):.0f} ms, "
              f"max {max(inside[1:])} ms; keypress to results median {statistics.median(outside[1:]):.0f} ms "
              f"(includes the 120 ms typing pause)")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
