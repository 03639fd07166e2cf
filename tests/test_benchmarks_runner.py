"""The benchmark runner (benchmarks/__main__.py): groups chosen with --only, results merged per run,
renamed measures carried over, verdicts honest in both directions. Nothing is measured here."""

import json

import pytest

import benchmarks.__main__ as runner


def test_only_picks_groups_and_refuses_unknown_ones():
    assert runner.parse(["--only", "pages,attendance"]).groups == ["pages", "attendance"]
    assert runner.parse([]).groups == list(runner.GROUPS)
    with pytest.raises(SystemExit):
        runner.parse(["--only", "pages,nonsense"])


def test_a_partial_run_updates_its_measures_and_keeps_the_others(tmp_path, monkeypatch):
    results = tmp_path / "results.json"
    results.write_text(
        json.dumps(
            {
                "trainee_list_vs_bare": {"value": 0.1, "aim": 0.5, "unit": "× bare 50-row page"},
                "province_sheet_vs_raw": {"value": 0.7, "aim": 0.333, "unit": "× raw"},
            }
        )
    )
    monkeypatch.setattr(runner, "RESULTS", results)
    fresh = {"trainee_list_vs_bare": {"value": 0.6, "aim": 0.5, "unit": "× bare 50-row page", "detail": ""}}
    runner.report(fresh, skipped=["certificates: absent"], write=True)
    stored = json.loads(results.read_text())
    assert stored["trainee_list_vs_bare"]["value"] == 0.6
    assert stored["statistics_vs_raw"]["value"] == 0.7  # renamed, kept
    assert "province_sheet_vs_raw" not in stored


def test_verdicts_follow_the_direction_of_the_aim():
    assert runner.verdict({"value": 0.5, "aim": 0.5}) == "meets"
    assert runner.verdict({"value": 0.49, "aim": 0.5}) == "misses"
    assert runner.verdict({"value": 1.4, "aim": 1.5, "better": "lower"}) == "meets"
    assert runner.verdict({"value": 2.6, "aim": 1.5, "better": "lower"}) == "misses"


def test_an_absent_group_module_is_skipped_with_a_note(capsys, monkeypatch, tmp_path):
    monkeypatch.setattr(runner, "RESULTS", tmp_path / "results.json")
    monkeypatch.setitem(runner.GROUPS, "certificates", "no_such_module_here")
    monkeypatch.setattr("sys.argv", ["benchmarks", "--only", "certificates", "--no-write"])
    monkeypatch.setattr(runner.django, "setup", lambda: None)
    runner.main()
    assert "skipped" in capsys.readouterr().out
