"""Stories across articles: which reports tell one event, where they come from, where they differ."""
from .compare import compare, story_of
from .model import ClaimGroup, Disagreement, Mention, Story, StoryClaim

__all__ = ["compare", "story_of", "Story", "StoryClaim", "ClaimGroup", "Disagreement", "Mention"]
