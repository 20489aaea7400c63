"""Service records: sessions, make-up entries, the rules for hours, review and corrections."""
