"""Run state: the RunState value, its JSON codec (schemas, migrations) and integrity checks."""
