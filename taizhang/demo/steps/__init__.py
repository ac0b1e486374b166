"""One module per workstream: `generate(ctx)` adds its records to the demo data set (DEMO_ORDER orders them)."""

STEPS = ["ledger", "quality", "research", "study", "matters", "institutions", "materials", "dossier", "supervision",
         "opinions", "stats"]
