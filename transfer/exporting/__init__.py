"""Export of every list page to XLSX and CSV (issue #7): registry, writers, views, API."""
