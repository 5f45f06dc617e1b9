"""What analysts open around the tables: the report page with its charts (`page`, `charts`), the
Excel and CSV export (`export`), and the documents that are near copies of each other
(`duplicates`). `html` holds the page shell and the table every page uses."""
