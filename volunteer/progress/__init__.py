"""Progress against the yearly targets: figures, drill-down, people, charts."""
