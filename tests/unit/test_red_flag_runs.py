"""The evaluation's red-flag tally (eval/red_flag_runs.py): per context and per kind, the
needless-question share. The server part runs in `make eval`."""
from eval.red_flag_runs import CONTEXTS, kind_of, report_lines, summarise

POSITIVE = {"text": "chest pain", "level": "emergency", "reasons": ["cardiac_chest_pain"], "kind": "cardiac_chest_pain"}
URGENT = {"text": "fever", "level": "urgent", "reasons": ["fever_with_back_pain"]}
NEAR = {"text": "murder a pizza", "level": "none", "kind": "figure_of_speech"}
OLD_NEAR = {"text": "no fever", "level": "none"}


def test_rates_per_context_and_per_kind():
    rows = []
    for context in CONTEXTS:
        rows += [(context, POSITIVE, "emergency"), (context, URGENT, "emergency"),
                 (context, NEAR, "none"), (context, OLD_NEAR, "check")]
    rows[-1] = (CONTEXTS[-1], OLD_NEAR, "urgent")  # one false alarm after a result
    rows[0] = (CONTEXTS[0], POSITIVE, "urgent")  # one emergency under-triaged as urgent
    summary = summarise(rows)
    assert summary["by_context"][CONTEXTS[0]]["recall"] == 0.5
    assert summary["by_context"][CONTEXTS[1]]["recall"] == 1.0
    assert summary["false_alarms"] == 1 and summary["false_alarm_rate"] == 1 / 8
    assert summary["near_miss_questions"] == 3 and summary["near_miss_question_rate"] == 3 / 8
    assert summary["by_kind"]["cardiac_chest_pain"]["recall"] == 0.75
    assert summary["by_kind"]["near miss (first set)"]["false_alarms"] == 1
    assert [f["context"] for f in summary["failures"]] == [CONTEXTS[0], CONTEXTS[-1]]
    table = "\n".join(report_lines(summary))
    assert "| after a result |" in table and "| figure_of_speech | none | 4 |" in table


def test_kinds_of_cases_without_one():
    assert kind_of(URGENT) == "fever_with_back_pain" and kind_of(OLD_NEAR) == "near miss (first set)"
    assert kind_of({"text": "x", "level": "check"}) == "ambiguous"
    ambiguous = summarise([(CONTEXTS[0], {"text": "x", "level": "check"}, "check")])
    assert ambiguous["by_kind"]["ambiguous"]["runs"] == 1


def test_the_sample_keeps_every_kind_and_is_the_same_each_run():
    from eval.red_flag_report import load
    from eval.red_flag_runs import sample

    cases = load()
    chosen = sample(cases, per_kind=2)
    assert chosen == sample(cases, per_kind=2)  # fixed seed
    assert {kind_of(c) for c in chosen} == {kind_of(c) for c in cases}
    assert all(sum(kind_of(c) == kind for c in chosen) <= 2 for kind in {kind_of(c) for c in cases})
    assert [c for c in cases if c in chosen] == chosen  # in the set's order
