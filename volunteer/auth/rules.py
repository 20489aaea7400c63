"""Rules of logins, free of Flask and the database: how long a lock lasts, what a device is."""

from __future__ import annotations

from volunteer.texts import N_


def lock_minutes(failures: int, *, after: int, first: int, longest: int) -> int | None:
    """Say how long `failures` wrong passwords in a row lock an account (None: not locked).

    The `after`-th locks it for `first` minutes; each wrong one after that (tried once the lock
    has ended) doubles the lock, up to `longest`: a guesser gets a few tries a day, while the
    person who forgot waits a quarter of an hour or asks an administrator to unlock.
    """
    if failures < after:
        return None
    doublings = min(failures - after, 20)
    return min(first << doublings, longest)


# First match wins: WeChat and Edge also say "Chrome"/"Safari", iPads say "Mac OS X".
SYSTEMS = (
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("HarmonyOS", N_("鸿蒙")),
    ("Android", "Android"),
    ("Windows", "Windows"),
    ("Mac OS X", "Mac"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
)
BROWSERS = (
    ("MicroMessenger", N_("微信")),
    ("DingTalk", N_("钉钉")),
    ("Edg/", "Edge"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
UNKNOWN_DEVICE = N_("未知设备")


def device_parts(user_agent: str | None) -> list[str]:
    """Return the system and browser a User-Agent names (msgids: translate where shown)."""
    agent = user_agent or ""
    system = next((name for mark, name in SYSTEMS if mark in agent), None)
    browser = next((name for mark, name in BROWSERS if mark in agent), None)
    parts = [part for part in (system, browser) if part]
    return parts or [UNKNOWN_DEVICE]
