"""When and where events happened: date phrases resolved against publication, places geocoded offline."""
import pytest

MEETING = "Kenyan President William Ruto met Ethiopian Prime Minister Abiy Ahmed"


def dated(doc, trigger="met"):
    event = doc.event(trigger)
    assert event is not None, doc.events
    return event.date, event.date_precision


@pytest.mark.parametrize("published, expected", [
    ("2024-03-15", "2024-03-11"),  # a Friday: the Monday before
    ("2024-03-18", "2024-03-18"),  # a Monday: that day
])
def test_on_monday_is_the_latest_monday_on_or_before_publication(coder, published, expected):
    assert dated(coder(f"{MEETING} in Geneva on Monday.", published=published)) == (expected, "day")


def test_days_later_counts_from_the_event_before(coder):
    doc = coder(f"{MEETING} on March 4. Three days later, Ruto met Somali President Hassan Sheikh Mohamud. "
                "Two weeks later, Ruto visited Kampala.")
    assert [(e.date, e.date_precision) for e in doc.events] == [
        ("2024-03-04", "day"), ("2024-03-07", "day"), ("2024-03-21", "day")]


def test_month_and_year_precision(coder):
    assert dated(coder("Kenya criticized Uganda in June 2022 over the border dispute."), "criticized") == \
        ("2022-06", "month")
    assert dated(coder("Kenya criticized Uganda in 2021 over the border dispute."), "criticized") == ("2021", "year")


def test_last_week_has_week_precision(coder):
    assert dated(coder("Kenya criticized Uganda last week over the border dispute."), "criticized") == \
        ("2024-03-08", "week")


def test_no_date_falls_back_to_the_publication_date(coder):
    assert dated(coder(f"{MEETING} to discuss the dam.")) == ("2024-03-15", "article")


def test_no_date_and_no_publication_date(coder):
    assert dated(coder(f"{MEETING} to discuss the dam.", published=None)) == (None, "article")


def test_meeting_place_is_geocoded(coder):
    doc = coder(f"{MEETING} in Geneva on Monday.")
    place = doc.place(doc.event("met").place)
    assert place is not None, "the event's place id must be in places"
    assert (place.name, place.country) == ("Geneva", "CHE")
    assert place.lat == pytest.approx(46.2, abs=0.2) and place.lon == pytest.approx(6.15, abs=0.2)
    assert [doc.words(m) for m in place.mentions] == ["Geneva"]


def test_every_event_place_is_a_listed_place(coder):
    doc = coder("Kenyan police arrested dozens of protesters in Mombasa on Friday. "
                f"On Monday, {MEETING} in Geneva.")
    ids = {p.id for p in doc.places}
    assert [doc.place(e.place).name for e in doc.events] == ["Mombasa", "Geneva"]
    assert all(e.place in ids for e in doc.events)


def test_a_capital_as_meeting_place(coder):
    doc = coder(f"{MEETING} in Paris on Monday.")
    place = doc.place(doc.event("met").place)
    assert place is not None and (place.name, place.country) == ("Paris", "FRA")


def test_event_codes_belong_to_its_actors(coder):
    doc = coder("Kenyan Foreign Minister Amina Wekesa arrived in Geneva on Monday.")
    for event in doc.events:
        assert event.target_code == (doc.actor_id(event.target).code if event.target else None)
        assert event.source_code == (doc.actor_id(event.source).code if event.source else None)
