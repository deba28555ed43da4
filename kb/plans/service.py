"""Read a plan file and suggest practices for it: the one call the command line and the API make."""

from __future__ import annotations

from kb.plans.readers import read_plan, text_name
from kb.plans.sections import split
from kb.plans.suggest import PlanSuggestions, Suggester
from kb.search import Searcher


def suggest_for_file(searcher: Searcher, data: bytes, filename: str, k: int = 5) -> PlanSuggestions:
    return Suggester(searcher).suggest(split(read_plan(data, filename)), k=k)


def suggest_for_text(searcher: Searcher, text: str, k: int = 5) -> PlanSuggestions:
    """Suggestions for a pasted plan: Markdown when it has Markdown's marks, plain text otherwise."""
    return suggest_for_file(searcher, text.encode("utf-8"), text_name(text), k=k)
