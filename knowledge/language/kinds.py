"""The typed vocabulary of policy language: what a clause does, and what kind of exception it makes.

Both are `str` enums so that they compare equal to (and serialise as) their plain values, which the public
JSON (`Citation.stance`) has always carried.
"""
from __future__ import annotations

from enum import Enum


class StanceKind(str, Enum):
    """What a clause, read on its own, does to the act it names."""

    PROHIBITS = "prohibits"        # "shall not", "are not to", "must refrain from", "is strictly prohibited"
    DISCOURAGES = "discourages"    # "is discouraged", "is not advisable": a rule of conduct short of a ban
    PERMITS = "permits"            # "may", "are permitted to", "nothing in this policy prohibits"
    REQUIRES = "requires"          # "must", "shall", "are expected to"
    DESCRIBES = "describes"        # definitions, purposes, consequences, procedures told as facts

    def __str__(self) -> str:
        return self.value


class ExceptionKind(str, Enum):
    """How an exception or condition in a clause bears on the verdict."""

    NONE = ""
    APPROVAL = "approval"          # someone may sign off: "without prior approval", "unless authorized by" -> conditional
    CARVE_OUT = "carve_out"        # a named thing lies outside the rule: "other than", "except for"
    CIRCUMSTANCE = "circumstance"  # the rule bends in a situation: "unless", "except when", "provided that"

    def __str__(self) -> str:
        return self.value
