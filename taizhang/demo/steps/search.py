"""全文检索: the demo's records were written in bulk, past the signals that keep the index; index them all."""

DEMO_ORDER = 95  # after every workstream's records


def generate(ctx) -> None:
    from taizhang.search.index import index_missing

    ctx.counts["search_entries"] = index_missing()
