"""The staff-group vocabulary: typed groups from YAML, lineage, and parsing what askers and operators type."""
import pytest

from knowledge.staff_groups.vocabulary import UnknownGroup, from_mapping, vocabulary


def test_shipped_groups_and_lineage():
    v = vocabulary()
    assert {"licensed", "classified", "management", "coaches", "bus_drivers"} <= set(v.keys)
    assert v.lineage("bus_drivers") == ("bus_drivers", "classified")
    assert v.family("food_service") == "classified" and v.family("licensed") == "licensed"
    assert v.narrowest(["classified", "bus_drivers", "licensed"]) == ("licensed", "bus_drivers")


@pytest.mark.parametrize("typed,key", [
    ("classified", "classified"), ("Certificated", "licensed"), ("teacher", "licensed"),
    ("Bus drivers", "bus_drivers"), ("bus-driver", "bus_drivers"), ("Classified / support staff", "classified"),
    ("  management ", "management"),
])
def test_parse_accepts_keys_labels_and_words(typed, key):
    assert vocabulary().parse(typed) == key


@pytest.mark.parametrize("hostile", ["janitorial staff", "", "   ", None, 3, ["licensed"], {"g": 1}, "x" * 500,
                                     "licensed; drop table", "<script>licensed</script>"])
def test_parse_refuses_everything_else(hostile):
    with pytest.raises(UnknownGroup):
        vocabulary().parse(hostile)


def test_a_vocabulary_is_checked_when_loaded():
    with pytest.raises(ValueError, match="within 'nobody'"):
        from_mapping({"groups": {"drivers": {"label": "Drivers", "within": "nobody"}}})
    with pytest.raises(ValueError, match="lower-case"):
        from_mapping({"groups": {"Bad Key": {"label": "x"}}})
    with pytest.raises(ValueError, match="unknown group"):
        from_mapping({"groups": {"a": {}}, "series": {"s": [{"code": "^1", "group": "b"}]}})
