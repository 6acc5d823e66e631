"""Who an asker is, by staff group: an administrator's list, the platform's groups, or the asker's own choice.

- `choices`: askers' remembered choices (the `staff_group_choices` table);
- `directory`: an administrator's CSV of user ids and groups;
- `askers`: `AskerGroups`, which puts the three together (the administrator's word first);
- `choosing`: what a "which group are you?" button or card press does (check, remember, answer again).
"""
