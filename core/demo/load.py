"""One demo run: the org tree (once), N people, the syllable dictionary, one audit event."""

import os
import random
import resource
import time
from collections import Counter
from dataclasses import dataclass

from django.db import connection, transaction

from audit.choices import AuditAction
from audit.services import record_event
from core.demo.admission import load_admission
from core.demo.bulk import insert_people
from core.demo.coordination import load_coordination
from core.demo.documents import load_documents
from core.demo.inspections import load_inspections
from core.demo.people import PeopleGenerator, save_syllables
from core.demo.positions import load_positions
from core.demo.travel import load_travel
from core.demo.tree import build_tree, load_existing_tree
from core.demo.vetting import load_vetting
from orgs.models import OrgUnit
from people.models import Person


@dataclass
class DemoResult:
    people: int
    units: int
    seconds: float
    peak_rss_mb: float
    built_tree: bool

    @property
    def rate(self) -> float:
        return self.people / self.seconds if self.seconds else 0.0


def peak_rss_mb() -> float:
    """Peak resident memory of this process (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_demo(*, people: int, seed: int = 2026, workers: int | None = None) -> DemoResult:
    """Build the demo tree if missing, then stream ``people`` people into the database."""
    started = time.perf_counter()
    if workers is None:
        workers = min(2, os.cpu_count() or 1)
    with transaction.atomic():
        provinces = load_existing_tree()
        built = provinces is None
        if built:
            provinces = build_tree(random.Random(seed), people)
        generator = PeopleGenerator(seed, provinces, people)
        syllables: Counter = Counter()
        loaded = insert_people(generator.stream(workers), syllables)
        save_syllables(syllables)
        load_coordination(random.Random(seed), loaded)
        load_inspections(random.Random(seed), loaded)
        load_documents(random.Random(seed), loaded)
        load_vetting(random.Random(seed), loaded)
        load_admission(random.Random(seed), loaded)
        load_positions(random.Random(seed), loaded)
        load_travel(random.Random(seed), loaded)
        units = OrgUnit.objects.count()
        record_event(
            actor=None, action=AuditAction.CREATE, target_type="demo",
            target_repr="Dữ liệu mẫu", reason="manage.py demo",
            after={"people": loaded, "units": units, "seed": seed, "tree_built": built,
                   "engine": connection.vendor},
        )
    return DemoResult(people=loaded, units=units, seconds=time.perf_counter() - started,
                      peak_rss_mb=peak_rss_mb(), built_tree=built)


def has_people() -> bool:
    return Person.objects.exists()
