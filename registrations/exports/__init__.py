"""Attendee lists. One row source (rows.py) feeds every format: CSV and XLSX (spreadsheets.py),
and the printable sign-in sheet, as a page and as a PDF (signin.py)."""
