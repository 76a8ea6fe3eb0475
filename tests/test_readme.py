"""The README's copy-paste examples run, as written, against the real command."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from tests.conftest import CITY_OF_LONDON, ROOT, run_cli
from tests.servers import fetch, running_server

README = (ROOT / "README.md").read_text(encoding="utf-8")


def sh_commands() -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", README, flags=re.S)
    return [line.split("#")[0].strip() for block in blocks for line in block.splitlines()
            if line.strip().startswith("panel-tool ")]


def test_readme_examples_run(tmp_path: Path):
    (tmp_path / "schemas").symlink_to(ROOT / "schemas")
    (tmp_path / "packs").mkdir()
    commands = sh_commands()
    assert len(commands) >= 6
    served = 0
    for command in commands:
        words = shlex.split(command)[1:]
        if words[0] == "serve":  # runs until stopped: start it for real, see the page, stop it
            with running_server(tmp_path / words[1], *words[2:], "--pool", "1", cwd=tmp_path) as server:
                assert fetch(server.url).status == 200 and "Members' link" in server.output()
            served += 1
            continue
        run = run_cli(*words, cwd=tmp_path)
        assert run.code == 0, (command, run.err)
        assert run.out.strip(), command
    assert served == 1


def test_readme_shows_the_two_commands_and_every_template_column():
    assert "make demo" in README and "make test" in README
    from panel_tool.contracts import load_profile

    for column in load_profile("force-export").columns:
        assert f"`{column}`" in README, column


def test_readme_error_example_is_what_the_tool_says(tmp_path):
    example = re.search(r"panel-tool: Problem in file march.csv.*", README).group(0)
    header = CITY_OF_LONDON.read_text().splitlines()[:3]
    header[2] = header[2].replace("2019-01-01T05:04:52+00:00", "yesterday evening")
    (tmp_path / "march.csv").write_text("\n".join(header) + "\n")
    run = run_cli("validate", "march.csv", cwd=tmp_path)
    assert run.err.strip() == example


def test_the_facilitators_guide_starts_with_the_workbench_and_keeps_the_cli_second():
    """Most facilitators never open a terminal: the guide's first way is `panel-tool lab`."""
    sections = re.findall(r"^## (Facilitators.*)$", README, flags=re.M)
    assert sections[0].startswith("Facilitators: the workbench"), sections
    first = README.split(f"## {sections[0]}", 1)[1].split("\n## ", 1)[0]
    assert re.search(r"```\w*\n(.*?)```", first, flags=re.S).group(1).strip().startswith("panel-tool lab ")
    rest = README.split(f"## {sections[1]}", 1)[1]
    for command in ("validate", "pack build", "pack approve", "members add", "pack release", "serve"):
        assert f"panel-tool {command} " in rest, command  # the command line, documented second
