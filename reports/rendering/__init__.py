"""Report documents: DOCX (docxtpl template files), XLSX (openpyxl), PDF (WeasyPrint).

Every renderer reads the same ``ReportData`` (reports.types) and ``DocumentMeta`` (the header,
number, date and signature block), through ``context.build_context`` for the text formats.
"""
