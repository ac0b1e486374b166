"""Run inside an installation (a subprocess of test_backup.py): `seed` fills it with the test world, records with
attachments and an institution file; `state` prints every record and every stored file as JSON."""

import hashlib
import json
import sys
from pathlib import Path

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core import serializers  # noqa: E402


def seed():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from taizhang.institutions.services import institution_create
    from taizhang.ledger import services
    from taizhang.ledger.tests.factories import PDF, PNG, accepted
    from taizhang.testing import World, build_world

    build_world()
    world = World()
    for n in range(3):
        problem = accepted(world, title=f"备份往返检查问题{n}")
        services.progress_add(actor=world.county_clerk, problem=problem, text=f"第{n}次进展", percent=20 + n,
                              files=[SimpleUploadedFile(f"佐证{n}.pdf", PDF + str(n).encode()),
                                     SimpleUploadedFile(f"照片{n}.png", PNG + str(n).encode())])
    institution_create(actor=world.county_office, campaign=world.campaign(), unit=world.unit("K1"),
                       title="备份往返检查制度", upload=SimpleUploadedFile("制度.pdf", PDF + b"inst"))


def write():
    """Keep writing problems (each with its audit event) for a few seconds, as a running system does."""
    import time

    from taizhang.ledger.tests.factories import problem
    from taizhang.testing import World

    world, end, n = World(), time.monotonic() + float(sys.argv[2]), 0
    while time.monotonic() < end:
        problem(world, title=f"备份期间录入的问题{n}")
        n += 1
    print(n)


def state():
    from taizhang.core.backup import PreciseJSONEncoder, dumped_models

    records = {}
    for model in dumped_models():
        rows = model._default_manager.order_by(model._meta.pk.name)
        records[model._meta.label_lower] = json.loads(
            json.dumps(serializers.serialize("python", rows, use_natural_foreign_keys=True), cls=PreciseJSONEncoder))
    root = Path(settings.MEDIA_ROOT)
    files = {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in sorted(root.rglob("*")) if p.is_file()} if root.exists() else {}
    print(json.dumps({"records": records, "files": files}, ensure_ascii=False))


{"seed": seed, "state": state, "write": write}[sys.argv[1]]()
