"""Certificates of service hours: issued, frozen, printed and verifiable by anyone."""
