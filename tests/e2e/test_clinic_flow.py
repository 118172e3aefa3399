"""End to end in a real browser (Playwright + Debian's Chromium) against a live `valgus web`.

The clinic flow: add athlete -> upload a real clip -> result and annotated video -> screening
form -> plan -> log adherence -> second dated session -> compare -> print the report.
Screenshots go to $VALGUS_E2E_SCREENSHOTS (default: the test's temporary folder).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from tests.e2e.server import PASSWORD, USER, live_server

pytestmark = [pytest.mark.browser, pytest.mark.video, pytest.mark.realdata]

ATHLETE = "E2E01"
ANALYSIS_TIMEOUT_MS = 900_000  # pose estimation on a shared CI machine


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("VALGUS_E2E_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _fits_a_phone(page: Any) -> bool:
    """Laid out at the phone's width (not a 980 px desktop page) and nothing wider than it."""
    return bool(
        page.evaluate(
            "window.innerWidth <= 400"
            " && document.documentElement.scrollWidth <= window.innerWidth + 1"
        )
    )


def _upload(page: Any, base: str, clip: Path, task: str, date: str) -> None:
    page.goto(f"{base}/?athlete={ATHLETE}")
    page.set_input_files("#file", str(clip))
    page.select_option("#task", task)
    page.fill("#date", date)
    page.click("button:has-text('Analyse')")
    page.wait_for_url("**/results/**", timeout=ANALYSIS_TIMEOUT_MS)


def test_clinic_flow(browser: Any, shared_data: Path, shots: Path, tmp_path: Path) -> None:
    first_clip = shared_data / "ambaks_nowva" / "videos" / "squats.mp4"
    second_clip = shared_data / "etireznikov_final_project" / "videos" / "squat_good.mp4"
    for clip in (first_clip, second_clip):
        if not clip.is_file():
            pytest.skip(f"{clip} is absent")
    errors: list[str] = []
    with live_server(tmp_path / "server") as (base, with_login):
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on(
            "response",
            lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None,
        )
        page.on(
            "console",
            lambda msg: (
                errors.append(f"{msg.text} {msg.location.get('url', '')} on {page.url}")
                if msg.type == "error"
                else None
            ),
        )

        if with_login:
            page.goto(f"{base}/login")
            page.fill("input[name=username]", USER)
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_load_state()
            assert "/login" not in page.url, "the test user could not log in"
            page.screenshot(path=shots / "00-logged-in.png", full_page=True)

        # add an athlete
        page.goto(f"{base}/athletes")
        page.fill("#code", ATHLETE)
        page.select_option("#sex", "male")
        page.fill("#sport", "football")
        page.click("button:has-text('Add athlete')")
        page.wait_for_url(f"**/athletes/{ATHLETE}")
        page.screenshot(path=shots / "01-athlete-new.png", full_page=True)

        # upload a real clip, dated; see the result and the annotated video
        _upload(page, base, first_clip, "bilateral-squat", "2026-01-10")
        assert page.locator("h1").first.inner_text().startswith("Bilateral squat")
        page.wait_for_function(
            "document.querySelector('video') && document.querySelector('video').readyState >= 1",
            timeout=60_000,
        )
        video = page.evaluate(
            "(() => { const v = document.querySelector('video');"
            " return [v.videoWidth, v.videoHeight, v.duration]; })()"
        )
        assert video[0] > 0 and video[1] > 0 and video[2] > 5  # the 12.2 s clip, annotated
        still_width = page.evaluate(
            "Math.min(...[...document.querySelectorAll('figure img')].map(i => i.naturalWidth))"
        )
        assert still_width > 0
        # the range shown first is the one the verdicts rest on (knee over toe), not the FPPA's
        explain = " ".join(page.locator("section.explain").first.inner_text().split())
        assert "verdicts rest on knee over toe in the descent" in explain, explain
        assert "normal up to 4.4% of leg length medial" in explain, explain
        assert "shown but not deciding" in explain, explain
        page.screenshot(path=shots / "02-result.png", full_page=True)

        # the screening form, with the stored trial as the measured movement
        page.goto(f"{base}/athletes/{ATHLETE}")
        page.click("a:has-text('Fill the screening form')")
        page.wait_for_url(f"**/plan?athlete={ATHLETE}")
        page.fill("#assessment_date", "2026-01-10")
        page.select_option("[name='person.sex']", "male")
        page.fill("[name='person.age_years']", "24")
        page.fill("[name='person.pain_score_0_10']", "2")
        page.check("input[name='person.pain_location'][value='front_of_knee']")
        page.select_option("[name='red_flags.giving_way']", "no")
        page.fill("[name='clinical.hip_abduction_strength_pct_bw.left']", "22")
        page.fill("[name='clinical.hip_abduction_strength_pct_bw.right']", "31")
        page.fill("[name='clinical.weight_bearing_lunge_cm.left']", "8")
        page.fill("[name='clinical.weight_bearing_lunge_cm.right']", "11")
        page.check("input[name='preferences.equipment'][value='mini_band']")
        page.check("input[name='trial']")
        page.screenshot(path=shots / "03-screening-form.png", full_page=True)
        page.click("button:has-text('Make the plan')")
        page.wait_for_selector("#saved")
        text = page.inner_text("main")
        assert "Weak gluteus medius (hip abductors)" in text and "sessions a week" in text
        page.screenshot(path=shots / "04-plan.png", full_page=True)

        # the plan on the athlete page; log adherence
        page.goto(f"{base}/athletes/{ATHLETE}")
        assert "Weak gluteus medius" in page.inner_text("#plan")
        page.click("#plan summary")  # the whole plan unfolds
        page.fill("#log-date", "2026-01-20")
        page.fill("#log-done", "3")
        page.fill("#log-pain", "2")
        page.fill("#log-notes", "band walks felt easy")
        page.click("#adherence button:has-text('Log')")
        page.wait_for_url(f"**/athletes/{ATHLETE}#adherence")
        log = page.inner_text("#adherence")
        assert "2026-01-20" in log and "band walks felt easy" in log
        page.screenshot(path=shots / "05-athlete-plan-adherence.png", full_page=True)

        # a second, later session; compare the two
        _upload(page, base, second_clip, "bilateral-squat", "2026-02-21")
        page.goto(f"{base}/athletes/{ATHLETE}")
        page.click("a:has-text('Compare sessions')")
        page.wait_for_url(f"**/athletes/{ATHLETE}/compare")
        table = page.inner_text("main")
        assert "2026-01-10" in table and "2026-02-21" in table
        assert "Verdict rests on:" in table
        assert page.locator(".compare-media img").count() >= 4  # still + plot of each session
        assert page.evaluate(
            "[...document.querySelectorAll('.compare-media img')].every(i => i.naturalWidth > 0)"
        )
        page.screenshot(path=shots / "06-compare.png", full_page=True)

        # the report: navigation, a Print button that prints, fits a phone
        page.goto(f"{base}/athletes/{ATHLETE}/report")
        page.evaluate("window.__printed = false; window.print = () => { window.__printed = true; }")
        page.click("#print-report")
        assert page.evaluate("window.__printed") is True
        assert page.locator(f"nav a[href='/athletes/{ATHLETE}']").count() == 1
        # the norms table names what the squat's verdicts rest on, in its own unit
        norms = " ".join(page.locator("#norms + table").first.inner_text().split())
        assert "Knee over toe in the descent" in norms and "4.4% of leg length medial" in norms
        page.screenshot(path=shots / "07-report.png", full_page=True)
        page.emulate_media(media="print")
        page.pdf(path=str(shots / "07-report-printed.pdf"))
        page.emulate_media(media="screen")

        phone_context = browser.new_context(  # a phone honours <meta viewport>; same session
            viewport={"width": 390, "height": 844},
            is_mobile=True,
            has_touch=True,
            storage_state=page.context.storage_state(),
        )
        phone = phone_context.new_page()
        for name, path in (
            ("08-phone-report", f"/athletes/{ATHLETE}/report"),
            ("09-phone-plan", f"/plan?athlete={ATHLETE}"),
            ("10-phone-compare", f"/athletes/{ATHLETE}/compare"),
            ("11-phone-athlete", f"/athletes/{ATHLETE}"),
        ):
            phone.goto(base + path)
            phone.screenshot(path=shots / f"{name}.png", full_page=True)
            assert _fits_a_phone(phone), f"{path} does not fit a phone screen"
        page.close()
        phone_context.close()
    assert errors == [], errors
