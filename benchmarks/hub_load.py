"""Benchmark: members answering through `panel-tool hub` (JupyterHub + configurable-http-proxy) against
straight to `panel-tool serve`, in the same run, and 1, 2 and 4 packs served by the hub at once.

Members are benchmarks/review_load.py's websocket members (sign in at serve's door, open the app,
answer every question of every case, each waiting for "Saved at"). Each phase has packs of its own
(copies of one released pack), so every answer is a new one:

1. straight: `panel-tool serve` on its own port, N members;
2. hub, 1 pack: the same pack as a facilitator's named server, N members through the hub's proxy;
3. hub, 2 packs and 4 packs at once, N members each (two facilitators, the packs shared between them).

Reports save latency p50 / p95 and time to a usable page (p50 / p95) for each, the hub's ratios to
straight (target: save p95 at most 1.2x) and each multi-pack phase's save p95 against the single
pack's (within 1.5x: the machine holds that many members). Needs root (the hub makes system users).

    sudo .venv/bin/python benchmarks/hub_load.py [--members 10] [--cases 3] [--json]

Exits 1 if any answer was not written or a member failed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.review_load import (IDLE_KERNEL_CPU, PANEL_TOOL, QUIET_CPU, READY_WITHIN_S, Member, Server, build_pack, crowd, free_port, guarded,  # noqa: E402
                                    port_open, quantile, questions_per_case, review, wait_quiet, wait_until, written)
from tests.hubs import answers_in, running_hub, start_server, stop_server  # noqa: E402


def members_of(codes: dict[str, str]) -> list[Member]:
    return [Member(name, codes[name], i) for i, name in enumerate(sorted(codes))]


async def run_members(groups: list[tuple[str, list[Member]]], cases: int) -> float:
    """Every member of every (base URL, members) group at once; the wall time."""
    async def body(i, start):
        base, member = flat[i]
        await guarded(review(member, base, cases, start), member)

    flat = [(base, m) for base, people in groups for m in people]
    _, wall = await crowd("", len(flat), body)
    for _, m in flat:
        if m.client:
            await m.client.close()
    return wall


def figures(people: list[Member], wall: float) -> dict:
    saves = [s for m in people for s in m.saves_s]
    usable = [m.usable_s for m in people if m.usable_s]
    return {"members": len(people), "answered": sum(m.answered for m in people),
            "failed": {m.name: m.error for m in people if m.error},
            "save_p50_ms": quantile(saves, .5) * 1000, "save_p95_ms": quantile(saves, .95) * 1000,
            "usable_p50_s": quantile(usable, .5), "usable_p95_s": quantile(usable, .95), "wall_s": wall}


def kernels_of(user: str) -> int:
    return sum(1 for p in psutil.process_iter(["username", "cmdline"])
               if p.info["username"] == user and "ipykernel" in " ".join(p.info["cmdline"] or []))


def wait_for_pools(hub: dict, names: list[str], each: int, within: float = READY_WITHIN_S) -> None:
    """Until every pack's pool is full (its kernels counted by their facilitator's user) and the
    facilitators' processes are quiet (as review_load waits for serve's), so members meet warm apps."""
    want: dict[str, int] = {}
    for name in names:
        want[hub["packs"][name]["user"]] = want.get(hub["packs"][name]["user"], 0) + each
    deadline = time.monotonic() + within
    while any(kernels_of(user) < n for user, n in want.items()):
        if time.monotonic() > deadline:
            raise RuntimeError(f"the packs' pools did not fill within {within:.0f} s")
        time.sleep(0.5)
    quiet_since, last = None, cpu_of(want)
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = cpu_of(want)
        busy, last = (now - last) / 0.5, now
        quiet_since = (quiet_since or time.monotonic()) if busy < QUIET_CPU + IDLE_KERNEL_CPU * sum(want.values()) else None
        if quiet_since and time.monotonic() - quiet_since >= 2:
            return
    raise RuntimeError(f"the packs' servers never went quiet within {within:.0f} s")


def cpu_of(users) -> float:
    """CPU seconds used so far by the processes of these users."""
    total = 0.0
    for p in psutil.process_iter(["username", "cpu_times"]):
        if p.info["username"] in users and p.info["cpu_times"]:
            total += p.info["cpu_times"].user + p.info["cpu_times"].system
    return total


def straight(workdir: Path, pack: Path, codes: dict[str, str], cases: int, key: Path) -> dict:
    port = free_port()
    server = Server([*PANEL_TOOL, "serve", str(pack), "--key-file", str(key), "--port", str(port)], workdir, "serve")
    try:
        began = time.perf_counter()
        wait_until(lambda: port_open(port), READY_WITHIN_S, "serve answering", server)
        answering_s = time.perf_counter() - began
        wait_until(lambda: len(server.kernel_processes()) >= len(codes) + 2, READY_WITHIN_S, "serve's pool full", server)
        wait_quiet(server, READY_WITHIN_S)
        people = members_of(codes)
        wall = asyncio.run(run_members([(f"http://127.0.0.1:{port}/", people)], cases))
    finally:
        server.stop()
    return {**figures(people, wall), "answering_s": answering_s, "written": written(pack)[0]}


def through_hub(hub: dict, names: list[str], codes: dict[str, str], cases: int) -> dict:
    began = time.perf_counter()
    for name in names:
        start_server(hub, hub["packs"][name]["user"], name)
    answering_s = time.perf_counter() - began  # the hub has seen each pack's server answer
    wait_for_pools(hub, names, len(codes) + 2)
    groups = [(hub["packs"][name]["url"], members_of(codes)) for name in names]
    wall = asyncio.run(run_members(groups, cases))
    result = figures([m for _, people in groups for m in people], wall)
    result["written"] = sum(answers_in(hub["packs"][n]["user"], hub["packs"][n]["path"]) for n in names)
    result["answering_s"] = answering_s
    for name in names:
        stop_server(hub, hub["packs"][name]["user"], name)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=10, help="members per pack (default 10)")
    parser.add_argument("--cases", type=int, default=3, help="cases per pack (default 3)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="hub-load-"))
    try:
        pack, codes = build_pack(work, args.members, args.cases)
        questions = questions_per_case(pack)
        expected = args.members * args.cases * questions
        copies = {}
        for n in range(8):
            folder = work / f"copy{n}"
            folder.mkdir()
            copies[n] = folder / "load.pack.db"
            shutil.copyfile(pack, copies[n])
            shutil.copyfile(work / "k.key", folder / "force.key")
        results = {"straight": straight(work, copies[0], codes, args.cases, work / "k.key")}
        layout = {"p1": ("A", copies[1]), "p2": ("A", copies[2]), "p3": ("B", copies[3]), "p4": ("A", copies[4]),
                  "p5": ("A", copies[5]), "p6": ("B", copies[6]), "p7": ("B", copies[7])}
        hub_work = work / "hub"
        hub_work.mkdir()
        with running_hub(hub_work, layout, start=False) as hub:
            results["hub_1"] = through_hub(hub, ["p1"], codes, args.cases)
            results["hub_2"] = through_hub(hub, ["p2", "p3"], codes, args.cases)
            results["hub_4"] = through_hub(hub, ["p4", "p5", "p6", "p7"], codes, args.cases)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    one, direct = results["hub_1"], results["straight"]
    summary = {
        "machine": f"{platform.machine()}, {psutil.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB",
        "date": date.today().isoformat(), "members_per_pack": args.members, "cases": args.cases, "questions": questions,
        "hub_vs_straight": {"save_p50": one["save_p50_ms"] / direct["save_p50_ms"],
                            "save_p95": one["save_p95_ms"] / direct["save_p95_ms"],
                            "usable_p50": one["usable_p50_s"] / direct["usable_p50_s"],
                            "usable_p95": one["usable_p95_s"] / direct["usable_p95_s"]},
        "packs": {k: {"members": results[k]["members"], "save_p95_vs_one_pack": results[k]["save_p95_ms"] / one["save_p95_ms"]}
                  for k in ("hub_1", "hub_2", "hub_4")},
        "results": results,
    }
    held = [v["members"] for v in summary["packs"].values() if v["save_p95_vs_one_pack"] <= 1.5]
    summary["members_held"] = max(held) if held else 0
    ok = all(r["written"] == expected * (r["members"] // args.members) and not r["failed"] for r in results.values())
    if args.json:
        print(json.dumps(summary, indent=2, default=float))
    else:
        print(f"{summary['machine']}; {summary['date']}; {args.members} members a pack, {args.cases} cases x {questions} questions")
        for name, r in results.items():
            print(f"  {name:9} members {r['members']:3}  save p50 {r['save_p50_ms']:6.1f} ms  p95 {r['save_p95_ms']:6.1f} ms  "
                  f"usable p50 {r['usable_p50_s']:5.2f} s  p95 {r['usable_p95_s']:5.2f} s  server answering after "
                  f"{r['answering_s']:5.1f} s  answers {r['written']}  failed {len(r['failed'])}")
        h = summary["hub_vs_straight"]
        print(f"  hub / straight: save p50 {h['save_p50']:.2f}x  p95 {h['save_p95']:.2f}x (target <= 1.2x)  "
              f"usable p50 {h['usable_p50']:.2f}x  p95 {h['usable_p95']:.2f}x")
        for k, v in summary["packs"].items():
            print(f"  {k}: {v['members']} members, save p95 {v['save_p95_vs_one_pack']:.2f}x one pack's (within 1.5x: "
                  f"{'yes' if v['save_p95_vs_one_pack'] <= 1.5 else 'no'})")
        print(f"  members held with save p95 within 1.5x of one pack's: {summary['members_held']}")
        for name, r in results.items():
            for who, why in r["failed"].items():
                print(f"  FAILED {name} {who}: {why}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
