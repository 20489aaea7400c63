"""Writes of the commendation: campaigns, nominations, objections; each audited, none committed."""
