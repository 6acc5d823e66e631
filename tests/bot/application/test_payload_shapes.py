"""The type checks both chat edges use: a field named, never its value; booleans are not numbers."""
import pytest

from bot.application.payload_shapes import BadShape, check_fields, check_type


def test_a_wrong_type_names_the_field_not_the_value():
    with pytest.raises(BadShape, match=r"^event\.channel is dict$"):
        check_fields({"channel": {"secret": "x"}}, "event", {"channel": str})
    with pytest.raises(BadShape, match=r"^event\.user is missing$"):
        check_fields({}, "event", {"user": str})


def test_optional_fields_are_checked_only_when_present_and_booleans_are_not_ints():
    check_fields({"a": "x"}, "body", {"a": str}, {"b": (str, type(None))})
    with pytest.raises(BadShape, match="body.b is int"):
        check_fields({"a": "x", "b": 5}, "body", {"a": str}, {"b": (str, type(None))})
    with pytest.raises(BadShape, match="n is a boolean"):
        check_type(True, int, "n")
    check_type(True, (bool, int), "n")
