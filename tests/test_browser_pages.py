"""Pages as a phone inside WeChat shows them: a real headless Chromium against a live server."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from volunteer.auth.models import Role

pytestmark = pytest.mark.browser


def _fits_the_screen(browser) -> bool:
    return browser.execute_script(
        "return document.documentElement.scrollWidth <= window.innerWidth + 1"
    )


def test_login_on_a_phone_reaches_the_units_page(server, browser, org, make_account, tmp_path):
    make_account("manager", Role.MANAGER, org["a"], display_name="王经理")
    browser.get(f"{server}/login")
    assert _fits_the_screen(browser)
    browser.find_element(By.NAME, "identifier").send_keys("manager")
    browser.find_element(By.NAME, "password").send_keys("correct-horse-9")
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda b: b.current_url.endswith("/units"))
    assert "王经理" in browser.find_element(By.CSS_SELECTOR, ".whoami").text
    assert _fits_the_screen(browser)
    browser.save_screenshot(str(tmp_path / "units.png"))


def test_staff_member_registers_from_the_unit_link_on_a_phone(
    server, browser, org, make_staff, db, tmp_path
):
    from volunteer.registration.models import Registration, RegistrationStatus

    person = make_staff(org["a1"], "李雷", "000123", phone="13912345678")
    browser.get(f"{server}/r/{org['a'].code}")
    assert _fits_the_screen(browser)
    for name, value in {
        "name": " 李 雷 ",  # stray spaces, as phones' keyboards leave them
        "staff_no": "０００１２３",  # full-width digits from a Chinese input method
        "phone": "13912345678",
        "password": "my-secret-99",
        "confirm": "my-secret-99",
    }.items():
        browser.find_element(By.NAME, name).send_keys(value)
    browser.find_element(By.NAME, "consent").click()
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda b: b.current_url.endswith("/me"))
    assert "李雷" in browser.find_element(By.TAG_NAME, "main").text
    assert _fits_the_screen(browser)
    browser.save_screenshot(str(tmp_path / "me.png"))
    db.session.expire_all()
    registration = db.session.scalar(
        db.select(Registration).where(Registration.staff_member_id == person.id)
    )
    assert registration.status == RegistrationStatus.ACTIVE
