"""Benchmark: `panel-tool pack build` on a 1,000,000-row synthetic force export (sample 50),
against bare `pandas.read_csv(engine="pyarrow")` of the same file, in the same run.
Target: ratio at most 2.5.

    python benchmarks/pack_build.py [--rows 1000000] [--repeats 5] [--json]
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from measure import arguments, compare

BUILD = ("from panel_tool.cli import main\nimport contextlib, io, os\n"
         "with contextlib.redirect_stdout(io.StringIO()):\n"
         "    code = main(['pack', 'build', sys.argv[1], '--out', os.environ['PACK_OUT'], '--sample', '50', '--seed', '1',"
         " '--key-file', os.environ['PACK_KEY'], '--force'])\nassert code == 0, code")

if __name__ == "__main__":
    args = arguments(__doc__.splitlines()[0])
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["PACK_OUT"] = str(Path(tmp) / "bench.pack.db")
        os.environ["PACK_KEY"] = str(Path(tmp) / "bench.key")
        compare("pack_build", BUILD, 2.5, args, sample=50)
