"""Import framework: read XLSX/CSV streamed, find and map the header, parse Vietnamese values,
give each row a verdict (dry run), then apply through the apps' services.

- ``reading``: the file's rows, one at a time (openpyxl read_only; csv with encoding sniffing)
- ``values``: cell → date, CCCD, text, choice, with Vietnamese error messages
- ``base``: columns, header detection, the Importer base class and the row result
- ``engine``: dry run (analyse) and apply for interactive files
- ``bulk``: the fast path for large files of people (COPY / executemany by batch, resumable)
- ``people``, ``units``, ``positions``, ``trips``, ``inspections``: one importer per record type
"""
