"""The verdicts and the printed table of bench_core.py."""

from __future__ import annotations

from typing import Any

TARGETS = {
    "W1_overhead_us": 40.0,
    "W2_overhead_us": 250.0,
    "W4_overhead_us": 350.0,
    "W5_1k_wall_s": 0.5,
    "W5_10k_vs_hand": 2.5,
    "W6_us_per_item": 0.3,
    "W8_import_ms": 150.0,
    "ratio": 2.0,
}


def verdicts(r: dict[str, Any]) -> dict[str, Any]:
    """Each target: the figure, the target, and pass/miss."""
    out: dict[str, Any] = {}
    for suffix, rows in (("", r), (" (tracing off)", r.get("untraced", {}))):
        for key in ("W1", "W2", "W4"):
            if key not in rows:
                continue
            target = TARGETS[f"{key}_overhead_us"]
            out[f"{key} framework µs{suffix}"] = _verdict(rows[key]["overhead_us"], target)
            out[f"{key} ratio{suffix}"] = _verdict(rows[key]["ratio"], TARGETS["ratio"])
    small, large = r["W5"][0], r["W5"][-1]
    scale = large["runs"] / small["runs"]
    out["W5 1k wall s"] = _verdict(small["runwright"]["wall_s"], TARGETS["W5_1k_wall_s"])
    for impl in ("runwright", "baseline"):
        ratio = large[impl]["wall_s"] / small[impl]["wall_s"]
        # Linear with a fixed latency floor gives a ratio below the size ratio.
        out[f"W5 wall 10k/1k ({impl})"] = _verdict(ratio, scale)
    hand = large["runwright"]["wall_s"] / large["baseline"]["wall_s"]
    out["W5 10k wall vs hand loop"] = _verdict(hand, TARGETS["W5_10k_vs_hand"])
    tuned = r.get("W5_gc_tuned")
    if tuned:
        ratio = tuned[-1]["runwright"]["wall_s"] / tuned[0]["runwright"]["wall_s"]
        out["W5 wall 10k/1k (runwright, GC tuned)"] = _verdict(ratio, scale)
    out["W6 µs/item"] = _verdict(r["W6"]["us_per_item"], TARGETS["W6_us_per_item"])
    w6 = {row["items"]: row for row in r["W6"]["rows"]}
    if 1000 in w6 and 10000 in w6:
        growth = w6[10000]["overhead_us"] / max(w6[1000]["overhead_us"], 1e-9)
        out["W6 linear (framework 10k/1k)"] = _verdict(growth, 15.0)
    out["W8 import ms"] = _verdict(r["W8"]["median_ms"], TARGETS["W8_import_ms"])
    out["W8 openai/pydantic/asyncio loaded"] = {
        "value": len(r["W8"]["forbidden_loaded"]),
        "target": 0,
        "pass": not r["W8"]["forbidden_loaded"],
    }
    return out


def _verdict(value: float, target: float) -> dict[str, Any]:
    return {"value": round(value, 3), "target": target, "pass": value <= target}


def print_table(r: dict[str, Any]) -> None:
    """The compact human-readable summary."""
    print(
        f"{'workload':<12}{'runwright':>12}{'baseline':>12}{'framework':>12}{'ratio':>8}"
        f"{'fw (CPU)':>12}  note"
    )
    for label, rows in (("", r), (" off", r.get("untraced", {}))):
        for key in ("W1", "W2", "W4"):
            if key not in rows:
                continue
            row = rows[key]
            print(
                f"{key + label:<12}{_row(row)}  fake model {row['model_us']:.1f} µs,"
                f" {row['overhead_us'] / row['turns']:.1f} µs/turn"
            )
    for row in r["W6"]["rows"]:
        note = f"{row['us_per_item']:.3f} µs/item" if "us_per_item" in row else "(reference)"
        print(f"{'W6 ' + str(row['items']):<12}{_row(row)}  {note}")
    for label, row in [("W5 ", row) for row in r["W5"]] + [
        ("W5gc ", row) for row in r.get("W5_gc_tuned", [])
    ]:
        rw, base = row["runwright"], row["baseline"]
        print(
            f"{label + str(row['runs']):<12}{rw['wall_s']:>11.3f}s{base['wall_s']:>11.3f}s"
            f"{(rw['wall_s'] - base['wall_s']) * 1e3:>10.0f}ms"
            f"{rw['wall_s'] / base['wall_s']:>7.2f}x"
            f"  CPU {rw['cpu_s']:.2f}/{base['cpu_s']:.2f} s,"
            f" GC {rw['gc_s']:.2f}/{base['gc_s']:.2f} s, RSS {rw['peak_rss_mib']:.0f}"
            f"/{base['peak_rss_mib']:.0f} MiB ({rw.get('rss_kib_per_run', 0):.1f}"
            f"/{base.get('rss_kib_per_run', 0):.1f} KiB/run),"
            f" non-GC {rw['non_gc_cpu_us_per_run']:.0f}"
            f"/{base['non_gc_cpu_us_per_run']:.0f} µs/run"
        )
    w8 = r["W8"]
    print(
        f"{'W8 import':<12}{w8['median_ms']:>10.1f}ms{'':>36}"
        f"  CPU {w8['median_cpu_ms']:.1f} ms; loaded: "
        f"{', '.join(w8['heavy_loaded']) or 'none'}"
    )
    print("targets:")
    for name, v in r["verdicts"].items():
        mark = "pass" if v["pass"] else "MISS"
        print(f"  {name:<40}{v['value']!s:>10}  <= {v['target']!s:<8}{mark}")


def _us(value: float) -> str:
    return f"{value:>10.1f}µs"


def _row(row: dict[str, Any]) -> str:
    return (
        f"{_us(row['runwright_us'])}{_us(row['baseline_us'])}{_us(row['overhead_us'])}"
        f"{row['ratio']:>7.2f}x{_us(row['overhead_cpu_us'])}"
    )
