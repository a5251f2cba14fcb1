"""Headless Chromium for the browser tests, through Playwright's sync API.

The tests drive Debian's ``chromium`` (``/usr/bin/chromium``; ``.ci/run``
installs it). Without it, or without Playwright, the browser tests are
skipped on a workstation and fail in CI (``CI`` set): a CI run that silently
skipped them would prove nothing.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("MMRU_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


def unavailable(reason: str) -> None:
    """Skip the test, or fail it when running in CI."""
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


@contextmanager
def chromium() -> Iterator[Any]:
    """A launched headless Chromium (a Playwright ``Browser``), closed on exit."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed (pip install -e '.[test]')")
    if not CHROMIUM.is_file():
        unavailable(f"{CHROMIUM} not found (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class PageLog:
    """Every request a page made and every console message and page error it raised."""

    requests: list[str] = field(default_factory=list)
    console: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def console_errors(self) -> list[str]:
        return [text for kind, text in self.console if kind == "error"] + self.errors


def wait_until(page: Any, expression: str, timeout_ms: int = 10_000) -> Any:
    """Poll a JavaScript expression until it is truthy; return its value.

    Playwright's ``wait_for_function`` evaluates its predicate with ``eval``
    inside the page, which the page's Content-Security-Policy (rightly)
    forbids; ``page.evaluate`` goes through the DevTools protocol instead.
    """
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        value = page.evaluate(expression)
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"still false after {timeout_ms} ms: {expression}")
        page.wait_for_timeout(25)


@contextmanager
def open_page(browser: Any, path: Path, *, width: int = 1400, height: int = 900,
              timeout_ms: int = 15_000) -> Iterator[tuple[Any, PageLog]]:
    """Open a page file in a fresh context, wait until it is laid out, log its traffic.

    The page sets ``window.mmruView.ready`` once its physics has settled (or
    at once when physics is off).
    """
    context = browser.new_context(viewport={"width": width, "height": height},
                                  device_scale_factor=1)
    page = context.new_page()
    log = PageLog()
    page.on("request", lambda request: log.requests.append(request.url))
    page.on("console", lambda message: log.console.append((message.type, message.text)))
    page.on("pageerror", lambda error: log.errors.append(str(error)))
    try:
        page.goto(path.resolve().as_uri())
        wait_until(page, "Boolean(window.mmruView && window.mmruView.ready)", timeout_ms)
        yield page, log
    finally:
        context.close()
