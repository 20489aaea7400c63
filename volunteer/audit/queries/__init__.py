"""Reads of the audit log: its entries in the reader's scope, and the names they mention."""
