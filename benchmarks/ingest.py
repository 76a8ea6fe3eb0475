"""Benchmark: `panel-tool validate` on a 1,000,000-row synthetic force export, against bare
`pandas.read_csv(engine="pyarrow")` of the same file, in the same run. Target: ratio at most 2.

    python benchmarks/ingest.py [--rows 1000000] [--repeats 5] [--json]
"""

from __future__ import annotations

from measure import arguments, compare

VALIDATE = ("from panel_tool.cli import main\nimport contextlib, io\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n    code = main(['validate', sys.argv[1]])\nassert code == 0, code")

if __name__ == "__main__":
    compare("validate", VALIDATE, 2.0, arguments(__doc__.splitlines()[0]))
