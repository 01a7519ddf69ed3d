"""oa-sim's speed figures: ``bench/run.py`` is the entry; each other module registers a group of
figures with ``bench.measure.figures``, and is found by the entry without being listed."""
