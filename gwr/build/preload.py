"""Imported by the fork server that starts a build's worker processes, before it forks any:
what parsing a file and indexing reports need, loaded once there, so that each worker
starts with it."""
import cn2an  # importing it compiles its patterns

from gwr.build import pipeline
from gwr.build.workers import exit_with_parent
from gwr.config import PROJECT_ROOT, SiteConfig
from gwr.enrich.keywords import load_dictionary_ahead
from gwr.lexicon import gazetteer
from gwr.search.terms import fold_ahead

__all__ = ["cn2an", "pipeline"]

exit_with_parent()  # the fork server ends with the build that started it
load_dictionary_ahead()
fold_ahead()
_divisions = SiteConfig(PROJECT_ROOT / "seeds", PROJECT_ROOT / "output").divisions_file
if _divisions.exists():  # the divisions every build reads but for tests: each worker parses with them at once
    gazetteer.load(_divisions)
