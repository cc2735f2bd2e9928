"""Shared fixtures for the UI tests: the real server (`python -m rag serve`) in a subprocess, and Chromium."""
from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.serving import free_port, serving

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
START_TIMEOUT_S = 240  # models load in ~10 s on a quiet machine; the index may need building first


@contextmanager
def running_server(*args: str, env: dict | None = None, log_name: str = "server.log"):
    """`python -m rag serve --port P *args` as a user starts it; yields its URL once it answers; always stopped."""
    port = free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    full_env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "PYTHONUNBUFFERED": "1", **(env or {})}
    url = f"http://127.0.0.1:{port}/"
    cmd = [sys.executable, "-m", "rag", "serve", "--port", str(port), *args]
    with serving(cmd, url, ARTIFACTS / log_name, env=full_env, timeout_s=START_TIMEOUT_S):
        yield url


@pytest.fixture(scope="session")
def server_url():
    """Start the real server once per test session; always stop it at the end."""
    with running_server() as url:
        yield url


@pytest.fixture(scope="session")
def client(server_url):
    from gradio_client import Client

    return Client(server_url, verbose=False)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser, server_url):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, device_scale_factor=1)
    pg = context.new_page()
    pg.set_default_timeout(90_000)
    pg.goto(server_url, wait_until="domcontentloaded")
    pg.wait_for_selector("#question-box textarea")
    yield pg
    context.close()


DESKTOP = {"width": 1400, "height": 900}
PHONE = {"width": 390, "height": 844}


def open_page(browser, server_url, viewport: dict, **options):
    """A fresh browser context (its own storage: a new user) on the page, once the question box is there."""
    context = browser.new_context(viewport=viewport, device_scale_factor=1, **options)
    pg = context.new_page()
    pg.set_default_timeout(90_000)
    pg.goto(server_url, wait_until="domcontentloaded")
    pg.wait_for_selector("#question-box textarea")
    return context, pg


def settled(page, selector: str = "#source-panel") -> None:
    """Wait until Gradio has finished updating `selector`: no pending output flashes or fades it (an axe run or a
    read in mid-transition sees half-transparent text or the previous value), and it stays so for a moment (a
    second update can start after the first ends: CI once measured the panel at half opacity after one wait)."""
    for _ in range(2):
        page.wait_for_function(
            """sel => { const e = document.querySelector(sel); if (!e || document.querySelector('.pending')) return false;
                        for (let x = e; x; x = x.parentElement) if (getComputedStyle(x).opacity !== '1') return false;
                        return true; }""",
            arg=selector)
        page.wait_for_timeout(400)


def without_motion(page) -> None:
    """No CSS transition or animation on the page: what is measured (axe's contrast) is the page at rest, not a
    frame of a fade. The colours, sizes and layout are the page's own."""
    page.add_style_tag(content="*, *::before, *::after {transition: none !important; animation: none !important;}")


@pytest.fixture(params=["desktop", "phone"])
def screen(request, browser, server_url):
    """The page at 1400x900 and on a 390x844 phone."""
    context, pg = open_page(browser, server_url, DESKTOP if request.param == "desktop" else PHONE)
    pg.viewport_name = request.param
    yield pg
    context.close()


@pytest.fixture
def desktop(browser, server_url):
    context, pg = open_page(browser, server_url, DESKTOP, permissions=["clipboard-read", "clipboard-write"])
    yield pg
    context.close()
