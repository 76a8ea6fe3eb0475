"""`panel-tool`: one command per user task, each a thin skin over the Python API of the same name.

Bad input prints one plain paragraph and exits 2; nothing prints a traceback at a user.
"""

from __future__ import annotations

import argparse
import json
import sys

from panel_tool import __version__
from panel_tool.errors import InputError

EXIT_BAD_INPUT = 2
EXIT_NOT_USABLE = 1


def cmd_validate(args: argparse.Namespace) -> int:
    from panel_tool.ingest import validate

    report = validate(args.export, profile=args.profile, progress=not args.json)
    print(json.dumps(report.to_dict(), indent=2, ensure_ascii=False) if args.json else report.to_text())
    return 0 if report.usable else EXIT_NOT_USABLE


def cmd_synth(args: argparse.Namespace) -> int:
    from panel_tool.synth import synth

    result = synth(kind=args.kind, rows=args.rows, out=args.out, seed=args.seed, format=args.format, progress=True)
    print(f"Wrote {result.rows:,} synthetic {result.kind} records ({result.format} layout) to {result.path}")
    print(f"Planted identifiers ({result.planted:,}) are listed in {result.truth_path}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="panel-tool", description="Anonymised review packs for police scrutiny panels.")
    parser.add_argument("--version", action="version", version=f"panel-tool {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("validate", help="check a force export and report on its data quality",
                       description="Read a force export (CSV, XLSX or data.police.uk JSON) and report rows, dates, columns, "
                                   "blanks, unexpected and older values, and contradictions. Exit 0 when it is usable.")
    p.add_argument("export", help="the export file")
    p.add_argument("--profile", help="layout name (data-police-uk, data-police-uk-api, force-export, met-use-of-force) "
                                     "or a profile .json file; recognised from the header when left out")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(run=cmd_validate)

    p = sub.add_parser("synth", help="write a realistic synthetic export for demos and tests",
                       description="Write a synthetic export with identifiers planted in its free text, and beside it "
                                   "FILE.truth.csv listing each planted identifier and where it is.")
    p.add_argument("--kind", choices=["stop-search", "use-of-force"], default="stop-search")
    p.add_argument("--rows", type=int, default=1000)
    p.add_argument("--out", required=True, help="the CSV file to write")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--format", choices=["force-export", "data-police-uk", "met-use-of-force"],
                   help="layout to write (default: force-export for stop-search, met-use-of-force for use-of-force)")
    p.set_defaults(run=cmd_synth)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except InputError as exc:
        print(f"panel-tool: {exc.plain()}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("panel-tool: stopped.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
