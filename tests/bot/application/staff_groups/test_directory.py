"""The administrator's CSV of askers and their groups: read strictly, errors name the line."""
import pytest

from bot.application.staff_groups.askers import asker_groups
from bot.application.staff_groups.directory import DirectoryError, load_directory
from bot.application.settings import Settings
from bot.application.staff_groups.settings import StaffGroupSettings


def write(tmp_path, text: str):
    path = tmp_path / "askers.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_rows_with_and_without_a_platform(tmp_path):
    d = load_directory(write(tmp_path, "\ufeffUser_ID,Group,Platform\nU1,classified,slack\naad-7,Certificated,\n,,\n"))
    assert d.group_of("slack", "U1") == "classified" and d.group_of("teams", "U1") is None
    assert d.group_of("teams", "aad-7") == "licensed" and d.group_of("slack", "aad-7") == "licensed"
    assert d.group_of("slack", "") is None and len(d) == 2


@pytest.mark.parametrize("text,message", [
    ("id,group\nU1,classified\n", "header row"),
    ("user_id,group\nU1,wizards\n", "line 2"),
    ("user_id,group\n,classified\n", "line 2: a user id"),
    ("user_id,group,platform\nU1,classified,myspace\n", "platform must be"),
])
def test_bad_rows_are_refused(tmp_path, text, message):
    with pytest.raises(DirectoryError, match=message):
        load_directory(write(tmp_path, text))


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(DirectoryError, match="cannot read"):
        load_directory(tmp_path / "nope.csv")


def test_the_entry_points_read_the_configured_directory(tmp_path, store):
    path = write(tmp_path, "user_id,group\nU1,coaches\n")
    settings = Settings(staff_groups=StaffGroupSettings(directory=str(path)), env={})
    assert asker_groups(settings, store).of("slack", "U1").group == "coaches"
    assert asker_groups(Settings(env={}), None).of("slack", "U1").group is None     # no store: nothing remembered
