"""Compile the Babel catalogues into .mo files whenever the package is built."""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from hatchling.builders.hooks.plugin.interface import BuildHookInterface


def compile_catalogues(root: Path) -> list[Path]:
    """Write messages.mo beside every messages.po under volunteer/translations."""
    written = []
    for po_path in sorted((root / "volunteer" / "translations").glob("*/LC_MESSAGES/*.po")):
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file)
        mo_path = po_path.with_suffix(".mo")
        # Written beside, then renamed over: an app reading the catalogue while a wheel is
        # built (the test suites run side by side in CI) never sees half a file.
        partial = mo_path.with_suffix(".mo.partial")
        with partial.open("wb") as mo_file:
            write_mo(mo_file, catalog)
        partial.replace(mo_path)
        written.append(mo_path)
    return written


class CustomBuildHook(BuildHookInterface):
    """Hatch hook: catalogues are compiled for wheels and editable installs alike."""

    def initialize(self, version, build_data):
        compile_catalogues(Path(self.root))
