"""Yearly targets: the registration rate and hours per person a year is assessed against."""
