"""Progress pages; importing the modules attaches their routes to the blueprint."""

from volunteer.progress.blueprint import bp  # noqa: F401
from volunteer.progress.views import breakdown, people, person, units  # noqa: F401
