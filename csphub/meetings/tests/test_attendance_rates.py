from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from csphub.meetings.attendance_rates import MeetingFacts, Presence, Seat, attendance_rates


def test_member_substitute_and_organisation():
    police, council = 1, 2
    meetings = [
        MeetingFacts(
            date(2017, 3, 9),
            seats=[Seat(10, police), Seat(20, council)],
            presences=[
                Presence(10, "apologies", police),
                Presence(11, "substitute", police, substitute_for=10),
                Presence(20, "present", council),
            ],
        ),
        MeetingFacts(
            date(2017, 7, 6),
            seats=[Seat(10, police), Seat(20, council)],
            presences=[Presence(10, "present", police), Presence(20, "apologies", council)],
        ),
    ]
    rates = attendance_rates(meetings)
    assert rates.meetings == 2
    chief = rates.by_person[10]
    assert (chief.expected, chief.attended, chief.substituted, chief.apologies) == (2, 1, 1, 0)
    assert chief.percent == 50.0
    assert chief.represented_percent == 100.0
    assert rates.by_person[20].apologies == 1
    assert rates.by_organisation[police].percent == 100.0
    assert rates.by_organisation[council].percent == 50.0


def test_no_meetings_gives_no_rate():
    rates = attendance_rates([])
    assert rates.meetings == 0
    assert rates.by_person == {}


statuses = st.sampled_from(["present", "also_present", "apologies", "substitute", "absent"])


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.lists(st.tuples(st.integers(1, 6), statuses), max_size=6), max_size=8))
def test_rates_are_bounded_and_counts_add_up(raw):
    meetings = []
    for i, rows in enumerate(raw):
        seats = [Seat(p, p % 3) for p in sorted({p for p, _ in rows})]
        presences = [
            Presence(p, s, p % 3, substitute_for=(p % 6) + 1) for p, s in dict(rows).items()
        ]
        meetings.append(MeetingFacts(date(2017, 1, 1 + i), seats, presences))
    rates = attendance_rates(meetings)
    for rate in [*rates.by_person.values(), *rates.by_organisation.values()]:
        assert 0 <= rate.attended + rate.substituted + rate.apologies <= rate.expected
        assert rate.expected <= len(meetings)
        assert rate.percent is None or 0 <= rate.percent <= 100
