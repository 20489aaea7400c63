"""Volunteer teams with their members and leaders, and service projects (品牌)."""
