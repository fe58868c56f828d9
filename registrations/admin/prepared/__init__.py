"""Whole-visit files prepared in the background (registrations/exports/background.py): asked
for on the dashboard, offered there when ready."""
