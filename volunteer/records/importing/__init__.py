"""Import service sessions from a spreadsheet: read the rows (rows), find whom and where they
name (lookups), then check and write them all or none (plan)."""
