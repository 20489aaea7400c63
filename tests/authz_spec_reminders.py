"""Who may remind people: the managers of the list's unit; anyone reads their own notices.

A notice is marked read through a form naming it; someone else's notice is a 404
(tests/test_reminders_notices.py checks it).
"""

from authz import LOGIN, Access

from volunteer.auth.models import Role

SPEC = {
    "reminders.confirm": Access(Role.MANAGER),
    "reminders.send": Access(Role.MANAGER),
    "reminders.print_list": Access(Role.MANAGER),
    "reminders.notices": LOGIN,
    "reminders.mark_read": LOGIN,
}
