"""No import cycles anywhere in the app, across features too.

import-linter's contracts (pyproject.toml, `lint-imports`) forbid cycles between the modules of
one feature; a cycle through several features (records -> progress -> records) is only seen on
the whole graph, which grimp, import-linter's own graph builder, gives us here.
"""

from itertools import pairwise

import grimp
import pytest


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    # Imports under `if TYPE_CHECKING:` never run, so they cannot make a cycle.
    return grimp.build_graph("volunteer", exclude_type_checking_imports=True, cache_dir=None)


def cyclic_groups(graph: grimp.ImportGraph) -> list[set[str]]:
    """Return each group of modules that import one another (directly or through others)."""
    groups: list[set[str]] = []
    seen: set[str] = set()
    for module in sorted(graph.modules):
        if module in seen:
            continue
        # What `module` reaches and what reaches it back: its strongly connected component.
        others = graph.find_upstream_modules(module) & graph.find_downstream_modules(module)
        if others:
            group = {module, *others}
            groups.append(group)
            seen |= group
    return groups


def describe(graph: grimp.ImportGraph, group: set[str]) -> str:
    """Write one cycle of the group as `a (l.3) -> b (l.12) -> a`, then the whole group."""
    first = min(group)
    step = min(graph.find_modules_directly_imported_by(first) & group)
    cycle = [first, *(graph.find_shortest_chain(importer=step, imported=first) or ())]
    arrows = []
    for importer, imported in pairwise(cycle):
        details = graph.get_import_details(importer=importer, imported=imported)
        arrows.append(f"{importer} (l.{', '.join(str(d['line_number']) for d in details)})")
    text = " -> ".join([*arrows, first])
    if len(group) > len(set(cycle)):
        text += f"\n    (the whole group: {', '.join(sorted(group))})"
    return text


def test_no_import_cycles(graph):
    groups = cyclic_groups(graph)
    if groups:
        pytest.fail("Import cycles:\n" + "\n".join(describe(graph, group) for group in groups))
