"""Lines of only links or site furniture are metadata; a link in a sentence keeps its text."""
from __future__ import annotations

import pytest

from ingest.link_lines import is_link_line, unlink


@pytest.mark.parametrize("line", [
    "[Leave policy](https://x.org/leave) · [Form 71](https://x.org/f71)",
    "- [Payroll calendar](https://x.org/payroll)",
    "1. [Form 12](/forms/12)",
    "[Back to top](#top)",
    "Back to top",
    "↑ Back to top",
    "[Edit this page](https://git.example.org/edit/hours.md)",
    "Next →",
    "<https://x.org/leave>",
    "[Leave](https://x.org/leave), [Pay](https://x.org/pay) and [Form 3](/f3)",
])
def test_link_only_and_furniture_lines(line):
    assert is_link_line(line)


@pytest.mark.parametrize("line", [
    "A compressed schedule is requested on [Form 71](https://x.org/f71) before the term starts.",
    "Staff must not print student records at home.",
    "Next year the schedule changes.",
    "- work overtime without written approval",
    "Share passwords with no one.",
])
def test_sentences_and_rules_are_not_link_lines(line):
    assert not is_link_line(line)


def test_a_link_in_a_sentence_keeps_its_text_and_gives_up_its_url():
    text, urls = unlink("Request it on [Form 71](https://x.org/f71 \"Form\") or see <https://x.org/leave>.")
    assert text == "Request it on Form 71 or see ."
    assert urls == ["https://x.org/f71", "https://x.org/leave"]


def test_an_image_keeps_its_alt_text():
    assert unlink("![District logo](/img/logo.png) Staff Hours") == ("District logo Staff Hours", ["/img/logo.png"])


def test_text_without_links_is_untouched():
    assert unlink("Hours:  8  a day") == ("Hours:  8  a day", [])
