"""What is derived from tasks once they are read: quantitative targets (`targets`), topics and
keywords (`topics`), and links from an annual list's tasks to the key tasks they carry out (`links`).

Each is a plain function from normalized records to small frozen records; the words each relies on
are data in `derived/data/`.
"""
