"""Reads about activities (activities.py), sign-ups (signups.py), categories and themes."""
