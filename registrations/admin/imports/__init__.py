"""Importing participants from a partner's spreadsheet (CSV or XLSX): read the file
(reading.py), turn each row into what the hand sign-up form checks (rows.py), show a preview of
every row's outcome, then sign them up through the services on confirmation (views.py)."""
