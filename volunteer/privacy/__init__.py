"""My data: everything the registry holds about the logged-in person, on a page and as .xlsx."""
