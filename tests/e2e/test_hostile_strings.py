"""Hostile strings in every field, seen in a real browser: no script runs, the text is shown as is.

Athlete codes, sports, teams, adherence notes, screening answers and uploaded file names carry
script, HTML and attribute-breaking payloads. Every page that shows them is opened in Chromium
(Playwright) as an admin and as the coach of the hostile team: no dialog opens, the page's
``window.__pwned`` marker stays unset, no element the payloads would create exists, the browser
reports no Content-Security-Policy violation (which would mean markup got through and only the
CSP stopped it), and the payload is on the page as literal text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import pytest
from tests.e2e.server import PASSWORD, USER, live_server

pytestmark = [pytest.mark.browser]

ANALYSIS_TIMEOUT_MS = 180_000

#: Codes may not hold spaces or / \ ? # % (store/athletes.py validate_code).
CODES = ["<script>alert(11)", "\"'><u>{{7*7}}", "'-alert(13)-'<i"]
SPORTS = [
    "<script>alert(1);window.__pwned=1</script>",
    "'><svg id=pwned3 onload=alert(3)>",
    "</title></textarea><u class=pwned>{{7*7}}",
]
TEAM = '"><img src=x id=pwned2 onerror=alert(2)>'
NOTES = ["<script>window.__pwned='note'</script>", 'javascript:alert(5) "onmouseover=alert(6)']
FILE_NAME = "'><img src=x id=pwned9 onerror=alert(9)>.trc"  # Chromium sends " as %22
PLAN_TEXT = "'\"><svg id=pwned8 onload=alert(8)>"

#: Set before any page script runs: counts CSP violations (blocked inline code or handlers).
WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
  e => window.__csp.push('csp ' + e.violatedDirective + ' ' + e.blockedURI));
"""
#: What an injected payload would leave behind.
PROBE = """() => {
  const bad = [...window.__csp];
  if (window.__pwned !== undefined) bad.push('marker ' + window.__pwned);
  const injected = 'script:not([src]), [onerror], [onload], [onclick], [onmouseover], [onfocus],'
    + ' iframe, object, embed, u, [id^=pwned], .pwned';
  for (const e of document.querySelectorAll(injected)) bad.push(e.outerHTML.slice(0, 120));
  for (const e of document.querySelectorAll('[href], [src], [action]')) {
    const v = (e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('action'))
      .trim().toLowerCase();
    if (v.startsWith('javascript:') || v.startsWith('data:text/html')) {
      bad.push(e.outerHTML.slice(0, 120));
    }
  }
  return bad;
}"""


class Visitor:
    """Opens pages in one browser tab and checks each for injected markup and literal text."""

    def __init__(self, page: Any, base: str) -> None:
        self.page, self.base = page, base
        self.dialogs: list[str] = []
        self.visited = 0
        page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))

    def check(self, path: str, *literal: str) -> None:
        self.page.goto(self.base + path)
        self.page.wait_for_load_state("load")
        self.inert(path, *literal)

    def inert(self, where: str, *literal: str) -> None:
        bad = self.page.evaluate(PROBE)
        assert bad == [], (where, bad)
        assert self.dialogs == [], (where, self.dialogs)
        shown = self.page.evaluate("document.body.innerText")
        for text in literal:
            assert text in shown, (where, text)
        self.visited += 1


def _log_in(page: Any, base: str, user: str) -> None:
    page.goto(f"{base}/login")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert "/login" not in page.url, f"{user} could not log in"


def _wait_at(page: Any, path: str) -> None:
    """Wait until the tab shows ``path`` (however the browser chose to percent-encode it)."""
    page.wait_for_url(lambda url: unquote(urlsplit(url).path) == path)


def _upload(page: Any, base: str, code: str, clip: Path, date: str) -> str:
    page.goto(f"{base}/?athlete={quote(code, safe='')}")
    page.set_input_files("#file", str(clip))
    page.select_option("#task", "bilateral-squat")
    page.fill("#date", date)
    page.click("button:has-text('Analyse')")
    page.wait_for_url("**/results/**", timeout=ANALYSIS_TIMEOUT_MS)
    return str(page.url.rsplit("/results/", 1)[1].split("?")[0])


def test_hostile_strings_never_run_in_a_browser(browser: Any, tmp_path: Path) -> None:
    from valgus.cli.demo import write_demo_trc
    from valgus.store.api import open_store
    from valgus.store.users import add_user

    clip = tmp_path / FILE_NAME
    clip.write_bytes(write_demo_trc(tmp_path / "demo").read_bytes())
    with live_server(tmp_path / "server") as (base, with_login):
        assert with_login
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_init_script(WATCH)
        page = context.new_page()
        visit = Visitor(page, base)
        _log_in(page, base, USER)

        for code, sport in zip(CODES, SPORTS, strict=True):
            page.goto(f"{base}/athletes")
            page.fill("#code", code)
            page.fill("#sport", sport)
            page.fill("#team", TEAM)
            page.click("button:has-text('Add athlete')")
            _wait_at(page, f"/athletes/{code}")
            visit.inert(f"new athlete {code}", code, sport, TEAM)
        visit.check("/athletes", *CODES, *SPORTS, TEAM)

        code = CODES[0]
        path = f"/athletes/{quote(code, safe='')}"
        first = _upload(page, base, code, clip, "2026-01-10")
        visit.inert("result page", FILE_NAME, code)
        second = _upload(page, base, code, clip, "2026-02-21")
        for job in (first, second):
            visit.check(f"/results/{job}", FILE_NAME, code)
            visit.check(f"/jobs/{job}", FILE_NAME)

        for day, note in zip(("2026-01-20", "2026-01-27"), NOTES, strict=True):
            page.goto(base + path)
            page.fill("#log-date", day)
            page.fill("#log-done", "3")
            page.fill("#log-notes", note)
            page.click("#adherence button:has-text('Log')")
            _wait_at(page, f"/athletes/{code}")
        visit.check(path, code, SPORTS[0], TEAM, *NOTES)

        # the screening form: text answers and a trial -> the plan; then a refused answer (400)
        page.goto(f"{base}/plan?athlete={quote(code, safe='')}")
        for field in page.locator("form input[type=text]").all():
            field.fill(PLAN_TEXT)
        page.locator("input[name='trial']").first.check()
        page.click("button:has-text('Make the plan')")
        page.wait_for_load_state()
        visit.inert("plan made", code)
        page.goto(f"{base}/plan?athlete={quote(code, safe='')}")
        number = page.locator("form input[type=number]").first
        number.evaluate("(e, v) => { e.type = 'text'; e.value = v; }", PLAN_TEXT)
        page.click("button:has-text('Make the plan')")
        page.wait_for_load_state()
        visit.inert("refused answer", code)
        assert page.locator(f"input[value={_css_string(PLAN_TEXT)}]").count() >= 1

        visit.check(f"{path}/report", code)
        visit.check(f"{path}/report?paper={quote(SPORTS[0], safe='')}")
        visit.check(f"{path}/compare", code, "2026-01-10", "2026-02-21")
        visit.check(f"/plan?athlete={quote(code, safe='')}", code)
        visit.check(f"/?athlete={quote(code, safe='')}", code)
        for other in CODES[1:]:
            visit.check(f"/athletes/{quote(other, safe='')}", other, TEAM)
            visit.check(f"/athletes/{quote(other, safe='')}/report", other)
        team_page = f"/teams/{quote(TEAM, safe='')}"
        visit.check(team_page, *CODES, TEAM)
        visit.check("/admin/audit", *(f"athlete:{c}" for c in CODES), f"result:{first}")
        visit.check(f"/athletes/{quote(SPORTS[0], safe='')}")  # 404 page naming the payload
        visit.check(f"/results/{quote(TEAM, safe='')}")

        # the team view: the coach of the hostile team sees its athletes
        store = open_store(f"sqlite:///{tmp_path / 'server' / 'valgus.db'}")
        try:
            add_user(store, "coach1", PASSWORD, "coach", TEAM)
        finally:
            store.close()
        coach_context = browser.new_context()
        coach_context.add_init_script(WATCH)
        coach = Visitor(coach_context.new_page(), base)
        _log_in(coach.page, base, "coach1")
        coach.check("/athletes", *CODES, TEAM)
        coach.check(path, code, TEAM, *NOTES)
        coach.check(f"/results/{first}", FILE_NAME)
        coach.check(f"{path}/compare", code)
        coach.check(team_page, *CODES, TEAM)
        coach_context.close()
        context.close()
    assert visit.visited == 25 and coach.visited == 5


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
