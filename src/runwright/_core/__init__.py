"""The vocabulary every room shares: exceptions, items, usage, run config, context, events, hooks.

No I/O and no imports from other rooms, except lazily (typed SDK objects, pydantic).
"""
